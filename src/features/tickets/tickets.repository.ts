import type { PoolClient } from 'pg';
import { withTransaction, type Db } from '../../infra/db.js';
import { createTicketListRepository } from './ticket-lists.repository.js';
import { COLUMNS, toTicket, type Row } from './ticket-rows.repository.js';
import type { Category, Status, Ticket, TicketEvent, TicketLocation, Visibility } from './tickets.types.js';

export interface EventInput {
  action: string;
  actor: string;
  visibility: Visibility;
  detail?: Record<string, unknown>;
}

export interface NewTicket {
  accountId: string;
  category: Category;
  channel: string;
  content: string;
  location: TicketLocation | null;
  openIdEnc: string | null;
  openIdHash: string | null;
  anonymous: boolean;
  confidential: boolean;
  nameEnc: string | null;
  phoneEnc: string | null;
  contactMasked: { name?: string; phone?: string } | null;
  queryCodeHash: string | null;
  dueDate: string;
  draftId: string;
  sourceMsgId: string | null;
  /** Civil date (Beijing) of the ticket number. */
  day: string;
}

/** Columns an action may set; first_reply_at and direct_answer are only ever set once. */
export interface TicketPatch {
  status: Status;
  resumeStatus: Status | null;
  department?: string;
  closedAt?: Date | null;
  mergedInto?: number;
  rating?: number;
  firstReply?: boolean;
}

async function insertEvents(client: PoolClient | Db, accountId: string, ticketId: number, events: EventInput[]): Promise<void> {
  for (const e of events) {
    await client.query('INSERT INTO ticket_events (account_id, ticket_id, action, actor, visibility, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      accountId, ticketId, e.action, e.actor, e.visibility, JSON.stringify(e.detail ?? {}),
    ]);
  }
}

export function createTicketRepository(db: Db) {
  const one = async (sql: string, params: unknown[]) => {
    const { rows } = await db.query<Row>(sql, params);
    return rows[0] && toTicket(rows[0]);
  };
  return {
    ...createTicketListRepository(db),

    /** Files a ticket with its first event and the draft's attachments, once per draft. */
    async insert(input: NewTicket, event: EventInput): Promise<{ ticket: Ticket; created: boolean }> {
      return withTransaction(db, async (client) => {
        const { rows: seq } = await client.query<{ seq: number }>(
          `INSERT INTO ticket_counters (account_id, day, seq) VALUES ($1, $2, 1)
           ON CONFLICT (account_id, day) DO UPDATE SET seq = ticket_counters.seq + 1 RETURNING seq`,
          [input.accountId, input.day],
        );
        const ticketNo = `${input.day.slice(2).replaceAll('-', '')}${String(seq[0]!.seq).padStart(5, '0')}`;
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO tickets (account_id, ticket_no, category, status, channel, content, location, open_id_enc, open_id_hash, anonymous,
             confidential, name_enc, phone_enc, contact_masked, query_code_hash, due_date, draft_id, source_msg_id)
           VALUES ($1, $2, $3, 'accepted', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
           ON CONFLICT (account_id, draft_id) DO NOTHING RETURNING id`,
          [input.accountId, ticketNo, input.category, input.channel, input.content, input.location && JSON.stringify(input.location),
            input.openIdEnc, input.openIdHash, input.anonymous, input.confidential, input.nameEnc, input.phoneEnc,
            input.contactMasked && JSON.stringify(input.contactMasked), input.queryCodeHash, input.dueDate, input.draftId, input.sourceMsgId],
        );
        const id = rows[0]?.id;
        if (id === undefined) {
          // The same draft was filed already (a retried confirmation): nothing new happens.
          await client.query('ROLLBACK');
          await client.query('BEGIN');
          const { rows: existing } = await client.query<Row>(`SELECT ${COLUMNS} FROM tickets t WHERE account_id = $1 AND draft_id = $2`, [input.accountId, input.draftId]);
          return { ticket: toTicket(existing[0]!), created: false };
        }
        await client.query('UPDATE ticket_attachments SET ticket_id = $1, draft_id = NULL WHERE account_id = $2 AND draft_id = $3 AND ticket_id IS NULL', [id, input.accountId, input.draftId]);
        await insertEvents(client, input.accountId, id, [event]);
        const { rows: created } = await client.query<Row>(`SELECT ${COLUMNS} FROM tickets t WHERE id = $1`, [id]);
        return { ticket: toTicket(created[0]!), created: true };
      });
    },

    get: (accountId: string, id: number) => one(`SELECT ${COLUMNS} FROM tickets t WHERE account_id = $1 AND id = $2`, [accountId, id]),
    getByNo: (accountId: string, ticketNo: string) => one(`SELECT ${COLUMNS} FROM tickets t WHERE account_id = $1 AND ticket_no = $2`, [accountId, ticketNo]),
    /** The hashes that decide who may see a ticket; never part of a Ticket. */
    async secrets(accountId: string, id: number): Promise<{ queryCodeHash: string | null; openIdHash: string | null; draftId: string }> {
      const { rows } = await db.query<{ q: string | null; o: string | null; d: string }>(
        'SELECT query_code_hash AS q, open_id_hash AS o, draft_id AS d FROM tickets WHERE account_id = $1 AND id = $2',
        [accountId, id],
      );
      return { queryCodeHash: rows[0]?.q ?? null, openIdHash: rows[0]?.o ?? null, draftId: rows[0]?.d ?? '' };
    },

    /**
     * Applies a state-machine move only if the ticket is still in the status it was
     * read in (two operators acting at once: one wins, the other gets a conflict).
     */
    async update(accountId: string, id: number, expected: Status, patch: TicketPatch, events: EventInput[]): Promise<Ticket | undefined> {
      return withTransaction(db, async (client) => {
        const { rows } = await client.query<{ id: number }>(
          `UPDATE tickets SET status = $4, resume_status = $5,
             department = CASE WHEN $6::boolean THEN $7 ELSE department END,
             closed_at = CASE WHEN $8::boolean THEN $9::timestamptz ELSE closed_at END,
             merged_into = COALESCE($10, merged_into),
             rating = COALESCE($11, rating), rated_at = CASE WHEN $11::int IS NULL THEN rated_at ELSE now() END,
             direct_answer = CASE WHEN $12::boolean THEN COALESCE(direct_answer, department IS NULL) ELSE direct_answer END,
             first_reply_at = CASE WHEN $12::boolean THEN COALESCE(first_reply_at, now()) ELSE first_reply_at END,
             updated_at = now()
           WHERE account_id = $1 AND id = $2 AND status = $3 RETURNING id`,
          [accountId, id, expected, patch.status, patch.resumeStatus, patch.department !== undefined, patch.department ?? null,
            patch.closedAt !== undefined, patch.closedAt ?? null, patch.mergedInto ?? null, patch.rating ?? null, patch.firstReply ?? false],
        );
        if (!rows[0]) return undefined;
        await insertEvents(client, accountId, id, events);
        const { rows: updated } = await client.query<Row>(`SELECT ${COLUMNS} FROM tickets t WHERE id = $1`, [id]);
        return toTicket(updated[0]!);
      });
    },

    addEvents: (accountId: string, ticketId: number, events: EventInput[]) => insertEvents(db, accountId, ticketId, events),

    /** Records a deadline warning once per ticket; false when it was recorded before. */
    async addWarningOnce(accountId: string, ticketId: number, event: EventInput): Promise<boolean> {
      const { rowCount } = await db.query(
        `INSERT INTO ticket_events (account_id, ticket_id, action, actor, visibility, detail) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (ticket_id, action) WHERE action IN ('due_soon', 'overdue') DO NOTHING`,
        [accountId, ticketId, event.action, event.actor, event.visibility, JSON.stringify(event.detail ?? {})],
      );
      return (rowCount ?? 0) > 0;
    },

    async events(ticketId: number, visibility?: Visibility): Promise<TicketEvent[]> {
      const { rows } = await db.query<Row>(
        'SELECT * FROM ticket_events WHERE ticket_id = $1 AND ($2::text IS NULL OR visibility = $2) ORDER BY id',
        [ticketId, visibility ?? null],
      );
      return rows.map((r) => ({
        id: Number(r.id), ticketId: Number(r.ticket_id), action: r.action as string, actor: r.actor as string,
        visibility: r.visibility as Visibility, detail: r.detail as Record<string, unknown>, createdAt: r.created_at as Date,
      }));
    },

  };
}

export type TicketRepository = ReturnType<typeof createTicketRepository>;
