import type { Db } from '../../infra/db.js';

export interface FollowerEventInput {
  accountId: string;
  openIdHash: string;
  openIdEnc: string;
  kind: 'subscribe' | 'unsubscribe' | 'scan';
  at: Date;
  scene?: string;
  qrcodeId?: number;
  /** `<accountId>:<dedup key>` of the push: a repeated push records nothing. */
  deliveryKey: string;
}

export interface FollowerRow {
  id: number;
  openIdEnc: string;
  subscribed: boolean;
  subscribedAt: Date | null;
  unsubscribedAt: Date | null;
  scene: string | null;
  qrcodeId: number | null;
  tagIds: number[];
}

export interface DailyStat {
  day: string;
  new: number;
  lost: number;
  net: number;
}

export interface SyncState {
  status: 'running' | 'done' | 'failed';
  nextOpenId: string | null;
  total: number | null;
  imported: number;
  pages: number;
  error: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

const SYNC = `SELECT status, next_openid AS "nextOpenId", total, imported, pages, error, started_at AS "startedAt",
  updated_at AS "updatedAt", finished_at AS "finishedAt" FROM follower_sync WHERE account_id = $1`;

export function createFollowerRepository(db: Db) {
  return {
    /** Records a push once (by delivery key); returns false for a repeat. */
    async recordEvent(e: FollowerEventInput): Promise<boolean> {
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        const inserted = await client.query(
          `INSERT INTO follower_events (account_id, open_id_hash, kind, qrcode_id, delivery_key, at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (account_id, delivery_key) DO NOTHING RETURNING id`,
          [e.accountId, e.openIdHash, e.kind, e.qrcodeId ?? null, e.deliveryKey, e.at],
        );
        if (inserted.rowCount === 0) {
          await client.query('ROLLBACK');
          return false;
        }
        // Subscribes are recorded after the reply and unsubscribes while handling, so the two
        // writes for one follower can land out of order: the later push (by CreateTime) wins.
        if (e.kind === 'subscribe') {
          await client.query(
            `INSERT INTO followers (account_id, open_id_hash, open_id_enc, subscribed, subscribed_at, scene, qrcode_id) VALUES ($1, $2, $3, true, $4, $5, $6)
             ON CONFLICT (account_id, open_id_hash) DO UPDATE SET subscribed = true, subscribed_at = EXCLUDED.subscribed_at, unsubscribed_at = NULL,
               scene = EXCLUDED.scene, qrcode_id = EXCLUDED.qrcode_id, updated_at = now()
             WHERE followers.unsubscribed_at IS NULL OR followers.unsubscribed_at < EXCLUDED.subscribed_at`,
            [e.accountId, e.openIdHash, e.openIdEnc, e.at, e.scene ?? null, e.qrcodeId ?? null],
          );
        } else if (e.kind === 'unsubscribe') {
          await client.query(
            `INSERT INTO followers (account_id, open_id_hash, open_id_enc, subscribed, unsubscribed_at) VALUES ($1, $2, $3, false, $4)
             ON CONFLICT (account_id, open_id_hash) DO UPDATE SET subscribed = false, unsubscribed_at = EXCLUDED.unsubscribed_at, updated_at = now()
             WHERE followers.subscribed_at IS NULL OR followers.subscribed_at <= EXCLUDED.unsubscribed_at`,
            [e.accountId, e.openIdHash, e.openIdEnc, e.at],
          );
          // WeChat drops a follower's tags when they leave.
          await client.query('DELETE FROM follower_tags WHERE follower_id IN (SELECT id FROM followers WHERE account_id = $1 AND open_id_hash = $2)', [e.accountId, e.openIdHash]);
        }
        await client.query('COMMIT');
        return true;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },

    /** Followers from `user/get`: known ones are marked following, new ones added with scene 'sync'. */
    async importPage(accountId: string, rows: Array<{ hash: string; enc: string }>): Promise<void> {
      if (rows.length === 0) return;
      await db.query(
        `INSERT INTO followers (account_id, open_id_hash, open_id_enc, subscribed, scene)
         SELECT $1, h, e, true, 'sync' FROM unnest($2::text[], $3::text[]) AS t(h, e)
         ON CONFLICT (account_id, open_id_hash) DO UPDATE SET subscribed = true, unsubscribed_at = NULL, updated_at = now()`,
        [accountId, rows.map((r) => r.hash), rows.map((r) => r.enc)],
      );
    },

    async list(accountId: string, filter: { tagId?: number; from?: Date; to?: Date; limit: number; offset: number }): Promise<{ total: number; items: FollowerRow[] }> {
      const where = `f.account_id = $1 AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM follower_tags ft WHERE ft.follower_id = f.id AND ft.tag_id = $2))
        AND ($3::timestamptz IS NULL OR f.subscribed_at >= $3) AND ($4::timestamptz IS NULL OR f.subscribed_at < $4)`;
      const params = [accountId, filter.tagId ?? null, filter.from ?? null, filter.to ?? null];
      const [count, page] = await Promise.all([
        db.query<{ n: string }>(`SELECT count(*) AS n FROM followers f WHERE ${where}`, params),
        db.query<FollowerRow>(
          `SELECT f.id::int AS id, f.open_id_enc AS "openIdEnc", f.subscribed, f.subscribed_at AS "subscribedAt", f.unsubscribed_at AS "unsubscribedAt",
             f.scene, f.qrcode_id::int AS "qrcodeId",
             COALESCE((SELECT array_agg(ft.tag_id::int ORDER BY ft.tag_id) FROM follower_tags ft WHERE ft.follower_id = f.id), '{}') AS "tagIds"
           FROM followers f WHERE ${where} ORDER BY f.subscribed_at DESC NULLS LAST, f.id DESC LIMIT $5 OFFSET $6`,
          [...params, filter.limit, filter.offset],
        ),
      ]);
      return { total: Number(count.rows[0]?.n ?? 0), items: page.rows };
    },

    async openIdEnc(accountId: string, id: number): Promise<string | undefined> {
      const { rows } = await db.query<{ enc: string }>('SELECT open_id_enc AS enc FROM followers WHERE account_id = $1 AND id = $2', [accountId, id]);
      return rows[0]?.enc;
    },

    /** The followers (by id) among these hashes that currently follow. */
    async byHashes(accountId: string, hashes: string[]): Promise<Array<{ id: number; hash: string }>> {
      const { rows } = await db.query<{ id: number; hash: string }>(
        'SELECT id::int AS id, open_id_hash AS hash FROM followers WHERE account_id = $1 AND open_id_hash = ANY($2::text[]) AND subscribed',
        [accountId, hashes],
      );
      return rows;
    },

    /** New, lost and net followers per day (China Standard Time), every day of the range. */
    async daily(accountId: string, from: string, to: string): Promise<DailyStat[]> {
      const { rows } = await db.query<{ day: string; new: number; lost: number }>(
        `SELECT to_char(d, 'YYYY-MM-DD') AS day,
           count(e.id) FILTER (WHERE e.kind = 'subscribe')::int AS new,
           count(e.id) FILTER (WHERE e.kind = 'unsubscribe')::int AS lost
         FROM generate_series($2::date, $3::date, interval '1 day') AS d
         LEFT JOIN follower_events e ON e.account_id = $1 AND e.kind IN ('subscribe', 'unsubscribe') AND (e.at AT TIME ZONE 'Asia/Shanghai')::date = d::date
         GROUP BY d ORDER BY d`,
        [accountId, from, to],
      );
      return rows.map((r) => ({ day: r.day, new: r.new, lost: r.lost, net: r.new - r.lost }));
    },

    async syncState(accountId: string): Promise<SyncState | undefined> {
      return (await db.query<SyncState>(SYNC, [accountId])).rows[0];
    },

    /**
     * Starts an import; false when one is already running. After a failure it resumes from
     * the saved next_openid with its counts; after a finished one it starts over.
     */
    async startSync(accountId: string): Promise<boolean> {
      const { rowCount } = await db.query(
        `INSERT INTO follower_sync (account_id, status) VALUES ($1, 'running')
         ON CONFLICT (account_id) DO UPDATE SET status = 'running', error = NULL, updated_at = now(), finished_at = NULL,
           next_openid = CASE WHEN follower_sync.status = 'failed' THEN follower_sync.next_openid END,
           imported = CASE WHEN follower_sync.status = 'failed' THEN follower_sync.imported ELSE 0 END,
           pages = CASE WHEN follower_sync.status = 'failed' THEN follower_sync.pages ELSE 0 END,
           started_at = CASE WHEN follower_sync.status = 'failed' THEN follower_sync.started_at ELSE now() END
         WHERE follower_sync.status <> 'running' OR follower_sync.updated_at < now() - interval '10 minutes'`,
        [accountId],
      );
      return rowCount === 1;
    },

    async syncProgress(accountId: string, p: { nextOpenId: string; total: number; added: number; done: boolean }): Promise<void> {
      await db.query(
        `UPDATE follower_sync SET next_openid = $2, total = $3, imported = imported + $4, pages = pages + 1, updated_at = now(),
           status = CASE WHEN $5 THEN 'done' ELSE status END, finished_at = CASE WHEN $5 THEN now() ELSE NULL END
         WHERE account_id = $1`,
        [accountId, p.nextOpenId || null, p.total, p.added, p.done],
      );
    },

    async syncFailed(accountId: string, error: string): Promise<void> {
      await db.query(`UPDATE follower_sync SET status = 'failed', error = $2, updated_at = now() WHERE account_id = $1`, [accountId, error.slice(0, 500)]);
    },

    /** Accounts whose import was interrupted (a restart): resumed from next_openid. */
    async runningSyncs(): Promise<string[]> {
      const { rows } = await db.query<{ account_id: string }>("SELECT account_id FROM follower_sync WHERE status = 'running'");
      return rows.map((r) => r.account_id);
    },
  };
}

export type FollowerRepository = ReturnType<typeof createFollowerRepository>;
