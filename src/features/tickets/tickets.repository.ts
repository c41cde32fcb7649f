import { withTransaction, type Db } from '../../infra/db.js';
import { createTicketListRepository } from './ticket-lists.repository.js';
import { applyMove, createCitizenMoveRepository, insertEvents, selectTicket, type EventInput, type TicketPatch } from './ticket-moves.repository.js';
import { COLUMNS, toTicket, type Row } from './ticket-rows.repository.js';
import type { Category, Status, Ticket, TicketEvent, TicketLocation, Visibility } from './tickets.types.js';

export type { EventInput, TicketPatch };

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
  /** The confirming delivery: a repeated delivery finds this ticket. */
  deliveryKey: string | null;
  /** Civil date (Beijing) of the ticket number. */
  day: string;
  /** Filed by a simulator citizen: kept out of lists and statistics by default. */
  test?: boolean;
}

export function createTicketRepository(db: Db) {
  const one = async (sql: string, params: unknown[]) => {
    const { rows } = await db.query<Row>(sql, params);
    return rows[0] && toTicket(rows[0]);
  };
  return {
    ...createTicketListRepository(db),
    ...createCitizenMoveRepository(db),

    /** The citizen's own (non-anonymous) tickets, newest first, including those transferred to another account. */
    async listForOwner(accountId: string, openIdHash: string, limit: number, statuses?: Status[]): Promise<Ticket[]> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM tickets t WHERE COALESCE(origin_account_id, account_id) = $1 AND open_id_hash = $2
           AND ($3::text[] IS NULL OR status = ANY($3)) ORDER BY created_at DESC, id DESC LIMIT $4`,
        [accountId, openIdHash, statuses ?? null, limit],
      );
      return rows.map(toTicket);
    },

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
             confidential, name_enc, phone_enc, contact_masked, query_code_hash, due_date, draft_id, source_msg_id, delivery_key, test)
           VALUES ($1, $2, $3, 'accepted', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
           ON CONFLICT DO NOTHING RETURNING id`,
          [input.accountId, ticketNo, input.category, input.channel, input.content, input.location && JSON.stringify(input.location),
            input.openIdEnc, input.openIdHash, input.anonymous, input.confidential, input.nameEnc, input.phoneEnc,
            input.contactMasked && JSON.stringify(input.contactMasked), input.queryCodeHash, input.dueDate, input.draftId, input.sourceMsgId, input.deliveryKey, input.test ?? false],
        );
        const id = rows[0]?.id;
        if (id === undefined) {
          // The same draft or delivery was filed already (a retried confirmation): nothing new happens.
          await client.query('ROLLBACK');
          await client.query('BEGIN');
          const { rows: existing } = await client.query<Row>(`SELECT ${COLUMNS} FROM tickets t WHERE account_id = $1 AND (draft_id = $2 OR delivery_key = $3) ORDER BY id LIMIT 1`,
            [input.accountId, input.draftId, input.deliveryKey],
          );
          // Neither: the day's counter is behind the numbers already used; fail loudly rather than guess.
          if (!existing[0]) throw new Error(`ticket number ${ticketNo} already taken; ticket_counters is behind`);
          return { ticket: toTicket(existing[0]), created: false };
        }
        await client.query('UPDATE ticket_attachments SET ticket_id = $1, draft_id = NULL WHERE account_id = $2 AND draft_id = $3 AND ticket_id IS NULL', [id, input.accountId, input.draftId]);
        await insertEvents(client, input.accountId, id, [event]);
        const { rows: created } = await client.query<Row>(`SELECT ${COLUMNS} FROM tickets t WHERE id = $1`, [id]);
        return { ticket: toTicket(created[0]!), created: true };
      });
    },

    get: (accountId: string, id: number) => one(`SELECT ${COLUMNS} FROM tickets t WHERE account_id = $1 AND id = $2`, [accountId, id]),
    /** By number, as the citizen knows it: a ticket transferred away is still found through the account they wrote to. */
    getByNo: (accountId: string, ticketNo: string) =>
      one(
        `SELECT ${COLUMNS} FROM tickets t WHERE (account_id = $1 OR origin_account_id = $1) AND ticket_no = $2
         ORDER BY (COALESCE(origin_account_id, account_id) = $1) DESC LIMIT 1`,
        [accountId, ticketNo],
      ),
    /** A ticket of this citizen's account, including one transferred to another account. */
    getForCitizen: (accountId: string, id: number) =>
      one(`SELECT ${COLUMNS} FROM tickets t WHERE id = $2 AND COALESCE(origin_account_id, account_id) = $1`, [accountId, id]),
    /** The hashes that decide who may see a ticket; never part of a Ticket. */
    async secrets(accountId: string, id: number): Promise<{ queryCodeHash: string | null; openIdHash: string | null; draftId: string }> {
      const { rows } = await db.query<{ q: string | null; o: string | null; d: string }>(
        'SELECT query_code_hash AS q, open_id_hash AS o, draft_id AS d FROM tickets WHERE COALESCE(origin_account_id, account_id) = $1 AND id = $2',
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
        if (!(await applyMove(client, accountId, id, expected, patch))) return undefined;
        await insertEvents(client, accountId, id, events);
        return selectTicket(client, id);
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
