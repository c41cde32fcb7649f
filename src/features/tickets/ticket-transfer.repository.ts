import { withTransaction, type Db } from '../../infra/db.js';
import { insertEvents, selectTicket, type EventInput } from './ticket-moves.repository.js';
import type { Status, Ticket } from './tickets.types.js';

export function createTransferRepository(db: Db) {
  return {
    async accountExists(id: string): Promise<boolean> {
      const { rowCount } = await db.query('SELECT 1 FROM accounts WHERE id = $1', [id]);
      return (rowCount ?? 0) > 0;
    },

    /**
     * Moves the ticket, its events and attachments to the target account. It arrives there to be
     * dispatched (accepted, no department); number, citizen, due date and history stay.
     */
    async transfer(from: string, to: string, id: number, expected: Status, events: EventInput[]): Promise<Ticket | undefined> {
      return withTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE tickets SET account_id = $2, origin_account_id = COALESCE(origin_account_id, account_id), transferred_at = now(),
             status = 'accepted', resume_status = NULL, department = NULL, updated_at = now()
           WHERE account_id = $1 AND id = $3 AND status = $4`,
          [from, to, id, expected],
        );
        if (!rowCount) return undefined;
        await client.query('UPDATE ticket_events SET account_id = $2 WHERE ticket_id = $1 AND delivery_key IS NULL', [id, to]);
        await client.query('UPDATE ticket_attachments SET account_id = $2 WHERE ticket_id = $1', [id, to]);
        await insertEvents(client, to, id, events);
        return selectTicket(client, id);
      });
    },

    /** The accounts whose tickets were transferred to this one (the communities a district serves). */
    async servedAccounts(accountId: string): Promise<string[]> {
      const { rows } = await db.query<{ a: string }>('SELECT DISTINCT origin_account_id AS a FROM tickets WHERE account_id = $1 AND origin_account_id IS NOT NULL ORDER BY 1', [accountId]);
      return rows.map((r) => r.a);
    },

    async allAccounts(): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM accounts ORDER BY id');
      return rows.map((r) => r.id);
    },
  };
}

export type TransferRepository = ReturnType<typeof createTransferRepository>;
