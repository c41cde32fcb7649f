import type { Db } from '../../infra/db.js';
import type { BroadcastMessage } from './reach.types.js';

export type BroadcastStatus = 'pending_approval' | 'ready' | 'scheduled' | 'sending' | 'sent' | 'failed' | 'finished';

export interface Broadcast {
  id: number;
  accountId: string;
  tagId: number | null;
  toAll: boolean;
  message: BroadcastMessage;
  emergency: boolean;
  status: BroadcastStatus;
  sendAt: Date | null;
  jobId: string | null;
  author: string;
  authorId: number | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  clientMsgId: string;
  msgId: string | null;
  sentAt: Date | null;
  wechatStatus: string | null;
  totalCount: number | null;
  filterCount: number | null;
  sentCount: number | null;
  errorCount: number | null;
  error: string | null;
  createdAt: Date;
}

const COLUMNS = `id::int AS id, account_id AS "accountId", tag_id::int AS "tagId", to_all AS "toAll", message, emergency, status, send_at AS "sendAt",
  job_id AS "jobId", author, author_id::int AS "authorId", approved_by AS "approvedBy", approved_at AS "approvedAt", client_msg_id AS "clientMsgId",
  msg_id AS "msgId", sent_at AS "sentAt", wechat_status AS "wechatStatus", total_count AS "totalCount", filter_count AS "filterCount",
  sent_count AS "sentCount", error_count AS "errorCount", error, created_at AS "createdAt"`;

export interface NewBroadcast {
  accountId: string;
  tagId: number | null;
  message: BroadcastMessage;
  emergency: boolean;
  status: BroadcastStatus;
  sendAt: Date | null;
  author: string;
  authorId: number | null;
  /** Fixed for the broadcast's life: WeChat drops a second sendall with it (24 h). */
  clientMsgId: string;
}

export function createBroadcastRepository(db: Db) {
  return {
    async create(b: NewBroadcast): Promise<Broadcast> {
      const { rows } = await db.query<Broadcast>(
        `INSERT INTO broadcasts (account_id, tag_id, to_all, message, emergency, status, send_at, author, author_id, client_msg_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
        [b.accountId, b.tagId, b.tagId === null, JSON.stringify(b.message), b.emergency, b.status, b.sendAt, b.author, b.authorId, b.clientMsgId],
      );
      return rows[0]!;
    },
    async get(accountId: string, id: number): Promise<Broadcast | undefined> {
      return (await db.query<Broadcast>(`SELECT ${COLUMNS} FROM broadcasts WHERE account_id = $1 AND id = $2`, [accountId, id])).rows[0];
    },
    async byId(id: number): Promise<Broadcast | undefined> {
      return (await db.query<Broadcast>(`SELECT ${COLUMNS} FROM broadcasts WHERE id = $1`, [id])).rows[0];
    },
    async list(accountId: string, limit: number): Promise<Broadcast[]> {
      return (await db.query<Broadcast>(`SELECT ${COLUMNS} FROM broadcasts WHERE account_id = $1 ORDER BY id DESC LIMIT $2`, [accountId, limit])).rows;
    },
    /** pending_approval → ready/scheduled, by someone other than the author. */
    async approve(accountId: string, id: number, by: string, byId: number | null, next: BroadcastStatus, jobId: string | null): Promise<Broadcast | undefined> {
      const { rows } = await db.query<Broadcast>(
        `UPDATE broadcasts SET status = $5, approved_by = $3, approved_by_id = $4, approved_at = now(), job_id = $6, updated_at = now()
         WHERE account_id = $1 AND id = $2 AND status = 'pending_approval' RETURNING ${COLUMNS}`,
        [accountId, id, by, byId, next, jobId],
      );
      return rows[0];
    },
    async setJob(id: number, jobId: string): Promise<void> {
      await db.query('UPDATE broadcasts SET job_id = $2 WHERE id = $1', [id, jobId]);
    },
    /**
     * Claims the broadcast for sending: only one request (or job) moves it from ready,
     * scheduled or failed to sending; every other gets undefined and sends nothing. A send left in
     * `sending` for over 10 minutes (the process died mid-call) may be claimed again: the
     * clientmsgid makes WeChat answer that retry with the first send's msg_id.
     */
    async claim(accountId: string, id: number): Promise<Broadcast | undefined> {
      const { rows } = await db.query<Broadcast>(
        `UPDATE broadcasts SET status = 'sending', updated_at = now()
         WHERE account_id = $1 AND id = $2 AND (status IN ('ready', 'scheduled', 'failed') OR (status = 'sending' AND updated_at < now() - interval '10 minutes'))
         RETURNING ${COLUMNS}`,
        [accountId, id],
      );
      return rows[0];
    },
    async markSent(id: number, msgId: string, msgDataId: string | undefined): Promise<void> {
      await db.query(`UPDATE broadcasts SET status = 'sent', msg_id = $2, msg_data_id = $3, sent_at = now(), error = NULL, updated_at = now() WHERE id = $1`, [
        id,
        msgId,
        msgDataId ?? null,
      ]);
    },
    async markFailed(id: number, error: string): Promise<void> {
      await db.query(`UPDATE broadcasts SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [id, error.slice(0, 500)]);
    },
    /** MASSSENDJOBFINISH: WeChat's totals for the send with this msg_id. */
    async finish(accountId: string, msgId: string, totals: { status: string; total: number; filter: number; sent: number; errors: number }): Promise<number | undefined> {
      const { rows } = await db.query<{ id: number }>(
        `UPDATE broadcasts SET status = 'finished', wechat_status = $3, total_count = $4, filter_count = $5, sent_count = $6, error_count = $7, updated_at = now()
         WHERE account_id = $1 AND msg_id = $2 RETURNING id::int AS id`,
        [accountId, msgId, totals.status, totals.total, totals.filter, totals.sent, totals.errors],
      );
      return rows[0]?.id;
    },
    /** WeChat's `mass/get` status, for a send whose MASSSENDJOBFINISH has not come. */
    async setWechatStatus(id: number, status: string): Promise<void> {
      await db.query('UPDATE broadcasts SET wechat_status = $2, updated_at = now() WHERE id = $1 AND total_count IS NULL', [id, status]);
    },
    /** Sends submitted since `since` (whatever their outcome), all of them or only those to all followers. */
    async sentSince(accountId: string, since: Date, toAllOnly: boolean): Promise<number> {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM broadcasts WHERE account_id = $1 AND status IN ('sending', 'sent', 'finished') AND COALESCE(sent_at, updated_at) >= $2
           AND (to_all OR NOT $3)`,
        [accountId, since, toAllOnly],
      );
      return rows[0]?.n ?? 0;
    },
  };
}

export type BroadcastRepository = ReturnType<typeof createBroadcastRepository>;
