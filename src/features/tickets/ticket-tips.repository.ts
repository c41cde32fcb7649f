import type { Db } from '../../infra/db.js';

export interface TipForTicket {
  id: number;
  content: string;
  openIdEnc: string | null;
  contactEnc: string | null;
  location: { lat: number; lng: number; label: string } | null;
  photos: Array<{ mediaId: string; picUrl: string }>;
  status: string;
  ticketId: number | null;
  collectionTitle: string;
}

/** Tips (线索) an operator turns into tickets: read from the participation tables, marked once filed. */
export function createTipTicketRepository(db: Db) {
  return {
    async get(accountId: string, collectionId: number, tipId: number): Promise<TipForTicket | undefined> {
      const { rows } = await db.query<TipForTicket>(
        `SELECT t.id, t.content, t.open_id_enc AS "openIdEnc", t.contact_enc AS "contactEnc", t.location, t.photos, t.status,
           t.ticket_id AS "ticketId", c.title AS "collectionTitle"
         FROM tips t JOIN tip_collections c ON c.id = t.collection_id
         WHERE t.account_id = $1 AND t.collection_id = $2 AND t.id = $3`,
        [accountId, collectionId, tipId],
      );
      return rows[0] && { ...rows[0], id: Number(rows[0].id), ticketId: rows[0].ticketId == null ? null : Number(rows[0].ticketId) };
    },

    async markFiled(accountId: string, tipId: number, ticketId: number, by: string): Promise<void> {
      await db.query(`UPDATE tips SET status = 'ticket', ticket_id = $3, reviewed_by = $4 WHERE account_id = $1 AND id = $2`, [accountId, tipId, ticketId, by]);
    },
  };
}
