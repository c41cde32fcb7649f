import type { Db } from '../../infra/db.js';

export interface TipCollection {
  id: number;
  title: string;
  prompt: string;
  photos: boolean;
  location: boolean;
  contact: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
}

export type CollectionInput = Omit<TipCollection, 'id' | 'createdAt'>;

export interface NewTip {
  accountId: string;
  collectionId: number;
  openIdEnc: string;
  content: string;
  photos: Array<{ mediaId: string; picUrl: string }>;
  location: { lat: number; lng: number; label: string } | null;
  contactEnc: string | null;
  contactMasked: string | null;
  deliveryKey: string | null;
}

export type TipStatus = 'new' | 'accepted' | 'dismissed' | 'ticket';

const COLLECTION = `id, title, prompt, photos, location, contact, starts_at AS "startsAt", ends_at AS "endsAt", created_at AS "createdAt"`;
const TIP = `id, content, photos, location, contact_masked AS "contactMasked", status, review_note AS "reviewNote", reviewed_by AS "reviewedBy",
  ticket_id AS "ticketId", created_at AS "createdAt"`;

export function createTipRepository(db: Db) {
  return {
    async createCollection(accountId: string, input: CollectionInput, by: string): Promise<TipCollection> {
      const { rows } = await db.query<TipCollection>(
        `INSERT INTO tip_collections (account_id, title, prompt, photos, location, contact, starts_at, ends_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLLECTION}`,
        [accountId, input.title, input.prompt, input.photos, input.location, input.contact, input.startsAt, input.endsAt, by],
      );
      return { ...rows[0]!, id: Number(rows[0]!.id) };
    },

    async collections(accountId: string): Promise<Array<TipCollection & { tips: number; unreviewed: number }>> {
      const { rows } = await db.query<TipCollection & { tips: number; unreviewed: number }>(
        `SELECT ${COLLECTION.replace(/(^|, )(\w+)/g, '$1c.$2')},
           (SELECT count(*) FROM tips t WHERE t.collection_id = c.id)::int AS tips,
           (SELECT count(*) FROM tips t WHERE t.collection_id = c.id AND t.status = 'new')::int AS unreviewed
         FROM tip_collections c WHERE c.account_id = $1 ORDER BY c.id DESC LIMIT 200`,
        [accountId],
      );
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },

    async collection(accountId: string, id: number): Promise<TipCollection | undefined> {
      const { rows } = await db.query<TipCollection>(`SELECT ${COLLECTION} FROM tip_collections WHERE account_id = $1 AND id = $2`, [accountId, id]);
      return rows[0] && { ...rows[0], id: Number(rows[0].id) };
    },

    /** Once per delivery: a retried "完成" finds the tip it filed (false). */
    async insert(tip: NewTip): Promise<{ id: number; created: boolean }> {
      const { rows } = await db.query<{ id: number }>(
        `INSERT INTO tips (account_id, collection_id, open_id_enc, content, photos, location, contact_enc, contact_masked, delivery_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (account_id, delivery_key) WHERE delivery_key IS NOT NULL DO NOTHING RETURNING id`,
        [tip.accountId, tip.collectionId, tip.openIdEnc, tip.content, JSON.stringify(tip.photos), tip.location && JSON.stringify(tip.location),
          tip.contactEnc, tip.contactMasked, tip.deliveryKey],
      );
      if (rows[0]) return { id: Number(rows[0].id), created: true };
      const { rows: existing } = await db.query<{ id: number }>('SELECT id FROM tips WHERE account_id = $1 AND delivery_key = $2', [tip.accountId, tip.deliveryKey]);
      return { id: Number(existing[0]!.id), created: false };
    },

    async tips(accountId: string, collectionId: number, status: TipStatus | undefined, limit: number, offset: number) {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT ${TIP} FROM tips WHERE account_id = $1 AND collection_id = $2 AND ($3::text IS NULL OR status = $3) ORDER BY id DESC LIMIT $4 OFFSET $5`,
        [accountId, collectionId, status ?? null, limit, offset],
      );
      return rows.map((r) => ({ ...r, id: Number(r.id), ticketId: r.ticketId == null ? null : Number(r.ticketId) }));
    },

    async review(accountId: string, collectionId: number, tipId: number, status: 'accepted' | 'dismissed', note: string | null, by: string): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE tips SET status = $4, review_note = $5, reviewed_by = $6 WHERE account_id = $1 AND collection_id = $2 AND id = $3 AND status <> 'ticket'`,
        [accountId, collectionId, tipId, status, note, by],
      );
      return (rowCount ?? 0) > 0;
    },
  };
}

export type TipRepository = ReturnType<typeof createTipRepository>;
