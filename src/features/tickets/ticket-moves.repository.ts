import type { PoolClient } from 'pg';
import { withTransaction, type Db } from '../../infra/db.js';
import { COLUMNS, toTicket, type Row } from './ticket-rows.repository.js';
import type { Status, Ticket, Visibility } from './tickets.types.js';

export interface EventInput {
  action: string;
  actor: string;
  visibility: Visibility;
  detail?: Record<string, unknown>;
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

export async function insertEvents(client: PoolClient | Db, accountId: string, ticketId: number, events: EventInput[]): Promise<void> {
  for (const e of events) {
    await client.query('INSERT INTO ticket_events (account_id, ticket_id, action, actor, visibility, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      accountId, ticketId, e.action, e.actor, e.visibility, JSON.stringify(e.detail ?? {}),
    ]);
  }
}

/**
 * The event a citizen's delivery makes, under its unique delivery key. A concurrent copy
 * of the delivery waits on the index until this transaction ends, then finds the key
 * taken: false means this delivery was applied before.
 */
async function insertKeyedEvent(client: PoolClient | Db, accountId: string, ticketId: number, e: EventInput, deliveryKey: string): Promise<boolean> {
  const { rowCount } = await client.query(
    `INSERT INTO ticket_events (account_id, ticket_id, action, actor, visibility, detail, delivery_key) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (account_id, delivery_key) WHERE delivery_key IS NOT NULL DO NOTHING`,
    [accountId, ticketId, e.action, e.actor, e.visibility, JSON.stringify(e.detail ?? {}), deliveryKey],
  );
  return (rowCount ?? 0) > 0;
}

/** Applies a state-machine move only if the ticket is still in the status it was read in. */
export async function applyMove(client: PoolClient, accountId: string, id: number, expected: Status, patch: TicketPatch): Promise<boolean> {
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
  return rows.length > 0;
}

export const selectTicket = async (client: PoolClient, id: number): Promise<Ticket> => {
  const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM tickets t WHERE id = $1`, [id]);
  return toTicket(rows[0]!);
};

/** Thrown inside a transaction to roll it back when the move no longer applies. */
class Stale extends Error {}

/** Moves a citizen's message makes (supplements, ratings): once per delivery, whatever Redis does. */
export function createCitizenMoveRepository(db: Db) {
  return {
    /**
     * The move and its events; the first event carries the delivery key. 'repeated' when the
     * same delivery was applied before, undefined when the ticket changed meanwhile.
     */
    async updateOnce(accountId: string, id: number, expected: Status, patch: TicketPatch, events: EventInput[], deliveryKey: string): Promise<Ticket | 'repeated' | undefined> {
      const [first, ...rest] = events;
      if (!first) throw new Error('a citizen move needs an event');
      try {
        return await withTransaction(db, async (client) => {
          if (!(await insertKeyedEvent(client, accountId, id, first, deliveryKey))) return 'repeated' as const;
          if (!(await applyMove(client, accountId, id, expected, patch))) throw new Stale();
          await insertEvents(client, accountId, id, rest);
          return selectTicket(client, id);
        });
      } catch (err) {
        if (err instanceof Stale) return undefined;
        throw err;
      }
    },

    /** Whether a citizen's delivery was applied to a ticket before. */
    async deliveredBefore(accountId: string, deliveryKey: string): Promise<boolean> {
      const { rowCount } = await db.query('SELECT 1 FROM ticket_events WHERE account_id = $1 AND delivery_key = $2', [accountId, deliveryKey]);
      return (rowCount ?? 0) > 0;
    },

    /** Events without a status change; false when this delivery added them before. */
    async addEventsOnce(accountId: string, ticketId: number, events: EventInput[], deliveryKey: string): Promise<boolean> {
      const [first, ...rest] = events;
      if (!first) return true;
      return withTransaction(db, async (client) => {
        if (!(await insertKeyedEvent(client, accountId, ticketId, first, deliveryKey))) return false;
        await insertEvents(client, accountId, ticketId, rest);
        return true;
      });
    },
  };
}
