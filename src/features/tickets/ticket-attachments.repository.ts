import type { Db } from '../../infra/db.js';
import type { Attachment } from './tickets.types.js';

export interface NewAttachment {
  accountId: string;
  ticketId: number | null;
  draftId: string | null;
  sourceMsgId: string;
  /** The delivery that brought it: sender and MsgId, unique per account. */
  deliveryKey: string;
  kind: Attachment['kind'];
  contentType: string;
  data: Buffer;
}

type Row = { id: number; kind: Attachment['kind']; content_type: string; size: number; created_at: Date };
const toAttachment = (r: Row): Attachment => ({ id: Number(r.id), kind: r.kind, contentType: r.content_type, size: r.size, createdAt: r.created_at });

/** Photos and voice notes, fetched once from the media API and stored with a size limit. */
export function createAttachmentRepository(db: Db) {
  return {
    /** The attachment already stored for a delivery (a retried delivery must not fetch again). */
    async findByDelivery(accountId: string, deliveryKey: string): Promise<Attachment | undefined> {
      const { rows } = await db.query<Row>(
        'SELECT id, kind, content_type, size, created_at FROM ticket_attachments WHERE account_id = $1 AND delivery_key = $2',
        [accountId, deliveryKey],
      );
      return rows[0] && toAttachment(rows[0]);
    },
    async insert(a: NewAttachment): Promise<Attachment> {
      const { rows } = await db.query<Row>(
        `INSERT INTO ticket_attachments (account_id, ticket_id, draft_id, source_msg_id, delivery_key, kind, content_type, size, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (account_id, delivery_key) WHERE delivery_key IS NOT NULL DO UPDATE SET delivery_key = EXCLUDED.delivery_key
         RETURNING id, kind, content_type, size, created_at`,
        [a.accountId, a.ticketId, a.draftId, a.sourceMsgId, a.deliveryKey, a.kind, a.contentType, a.data.length, a.data],
      );
      return toAttachment(rows[0]!);
    },
    async list(ticketId: number): Promise<Attachment[]> {
      const { rows } = await db.query<Row>('SELECT id, kind, content_type, size, created_at FROM ticket_attachments WHERE ticket_id = $1 ORDER BY id', [ticketId]);
      return rows.map(toAttachment);
    },
    async content(ticketId: number, id: number): Promise<{ contentType: string; data: Buffer } | undefined> {
      const { rows } = await db.query<{ content_type: string; data: Buffer }>(
        'SELECT content_type, data FROM ticket_attachments WHERE ticket_id = $1 AND id = $2',
        [ticketId, id],
      );
      return rows[0] && { contentType: rows[0].content_type, data: rows[0].data };
    },
    /** Drafts abandoned by the citizen (flow left or expired) are not kept. */
    async deleteAbandonedDrafts(olderThan: Date): Promise<number> {
      const { rowCount } = await db.query('DELETE FROM ticket_attachments WHERE ticket_id IS NULL AND created_at < $1', [olderThan]);
      return rowCount ?? 0;
    },
  };
}

export type AttachmentRepository = ReturnType<typeof createAttachmentRepository>;
