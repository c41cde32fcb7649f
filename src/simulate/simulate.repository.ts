import type { Db } from '../infra/db.js';

/** Removes what the simulator's citizens (openIds `sim_…`) created. */
export function createSimulateRepository(db: Db) {
  return {
    async deleteBookings(accountId: string): Promise<number> {
      const { rowCount } = await db.query("DELETE FROM appointment_bookings WHERE account_id = $1 AND open_id LIKE 'sim\\_%'", [accountId]);
      return rowCount ?? 0;
    },
    /** Tickets keep only a keyed hash of the openId: the caller computes the simulator citizens' hashes. */
    async deleteTickets(accountId: string, ownerHashes: string[]): Promise<number> {
      if (ownerHashes.length === 0) return 0;
      const { rowCount } = await db.query('DELETE FROM tickets WHERE account_id = $1 AND open_id_hash = ANY($2)', [accountId, ownerHashes]);
      return rowCount ?? 0;
    },
    /** The simulator citizens' encrypted openIds, as the message log holds them. */
    async simulatedOpenIds(accountId: string): Promise<string[]> {
      const { rows } = await db.query<{ enc: string }>('SELECT DISTINCT ON (citizen) open_id_enc AS enc FROM message_log WHERE account_id = $1 AND test', [accountId]);
      return rows.map((r) => r.enc);
    },
  };
}
