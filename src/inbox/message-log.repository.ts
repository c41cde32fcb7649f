import type { Db } from '../infra/db.js';

/** One row as written: openId already encrypted, citizen already hashed. */
export interface LogRow {
  accountId: string;
  citizen: string;
  openIdEnc: string;
  openIdMasked: string;
  direction: 'in' | 'out';
  kind: string;
  text: string | null;
  detail: unknown;
  replies: unknown;
  replyText: string | null;
  rule: string | null;
  attention: boolean;
  operatorId?: number | null;
  operatorName?: string | null;
  test: boolean;
  createdAt: Date;
}

export interface LogFilter {
  accountId: string;
  attention?: boolean;
  q?: string;
  from?: Date;
  to?: Date;
  citizen?: string;
  direction?: 'in' | 'out';
  includeTest?: boolean;
  before?: number;
  limit: number;
}

export interface LoggedMessage {
  id: number;
  accountId: string;
  citizen: string;
  openIdEnc: string;
  openId: string;
  direction: 'in' | 'out';
  kind: string;
  text: string | null;
  detail: Record<string, unknown> | null;
  replies: unknown[] | null;
  reply: string | null;
  rule: string | null;
  attention: boolean;
  handledHow: string | null;
  handledBy: string | null;
  handledAt: Date | null;
  operatorId: number | null;
  operatorName: string | null;
  test: boolean;
  createdAt: Date;
}

const COLUMNS = `id, account_id AS "accountId", citizen, open_id_enc AS "openIdEnc", open_id_masked AS "openId", direction, kind, text, detail,
  replies, reply_text AS "reply", rule, attention, handled_how AS "handledHow", handled_by AS "handledBy", handled_at AS "handledAt",
  operator_id AS "operatorId", operator_name AS "operatorName", test, created_at AS "createdAt"`;

/** pg advisory lock key of the retention job (any constant unique to this job). */
const RETENTION_LOCK = 7_100_100;

export function createMessageLogRepository(db: Db) {
  return {
    /** One multi-row INSERT for a whole batch. */
    /**
     * One statement per batch with one array parameter per column: PostgreSQL parses 16
     * parameters instead of 16 per row, which is most of what a batch used to cost it.
     */
    async insertMany(rows: LogRow[]): Promise<void> {
      if (rows.length === 0) return;
      const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
      const column = <T>(pick: (r: LogRow) => T) => rows.map(pick);
      await db.query(
        `INSERT INTO message_log (account_id, citizen, open_id_enc, open_id_masked, direction, kind, text, detail, replies, reply_text, rule, attention,
           operator_id, operator_name, test, created_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[], $10::text[],
           $11::text[], $12::boolean[], $13::bigint[], $14::text[], $15::boolean[], $16::timestamptz[])`,
        [
          column((r) => r.accountId), column((r) => r.citizen), column((r) => r.openIdEnc), column((r) => r.openIdMasked), column((r) => r.direction),
          column((r) => r.kind), column((r) => r.text), column((r) => json(r.detail)), column((r) => json(r.replies)), column((r) => r.replyText),
          column((r) => r.rule), column((r) => r.attention), column((r) => r.operatorId ?? null), column((r) => r.operatorName ?? null),
          column((r) => r.test), column((r) => r.createdAt),
        ],
      );
    },
    async insertOne(row: LogRow): Promise<LoggedMessage> {
      const { rows } = await db.query<LoggedMessage>(
        `INSERT INTO message_log (account_id, citizen, open_id_enc, open_id_masked, direction, kind, text, detail, replies, reply_text, rule, attention,
           operator_id, operator_name, test, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING ${COLUMNS}`,
        [row.accountId, row.citizen, row.openIdEnc, row.openIdMasked, row.direction, row.kind, row.text, row.detail == null ? null : JSON.stringify(row.detail),
          row.replies == null ? null : JSON.stringify(row.replies), row.replyText, row.rule, row.attention, row.operatorId ?? null, row.operatorName ?? null, row.test, row.createdAt],
      );
      return rows[0]!;
    },
    /** Newest first. */
    async list(f: LogFilter): Promise<LoggedMessage[]> {
      const { rows } = await db.query<LoggedMessage>(
        `SELECT ${COLUMNS} FROM message_log
         WHERE account_id = $1 AND ($2::boolean IS NULL OR attention = $2) AND ($3::text IS NULL OR strpos(text, $3) > 0 OR strpos(reply_text, $3) > 0)
           AND ($4::timestamptz IS NULL OR created_at >= $4) AND ($5::timestamptz IS NULL OR created_at < $5) AND ($6::text IS NULL OR citizen = $6)
           AND ($7::text IS NULL OR direction = $7) AND ($8::boolean OR NOT test) AND ($9::bigint IS NULL OR id < $9)
         ORDER BY id DESC LIMIT $10`,
        [f.accountId, f.attention ?? null, f.q ?? null, f.from ?? null, f.to ?? null, f.citizen ?? null, f.direction ?? null, f.includeTest === true, f.before ?? null, f.limit],
      );
      return rows;
    },
    async get(accountId: string, id: number): Promise<LoggedMessage | undefined> {
      const { rows } = await db.query<LoggedMessage>(`SELECT ${COLUMNS} FROM message_log WHERE account_id = $1 AND id = $2`, [accountId, id]);
      return rows[0];
    },
    /**
     * Marks a message and, for a reply, the citizen's earlier messages still needing
     * attention: one answer covers what the citizen asked before it.
     */
    async markHandled(accountId: string, id: number, how: 'replied' | 'dismissed', by: string): Promise<LoggedMessage | undefined> {
      await db.query(
        `UPDATE message_log m SET attention = false, handled_how = $3, handled_by = $4, handled_at = now()
         FROM message_log target
         WHERE target.account_id = $1 AND target.id = $2 AND m.account_id = $1 AND m.direction = 'in'
           AND (m.id = $2 OR ($3 = 'replied' AND m.citizen = target.citizen AND m.id < $2 AND m.attention))`,
        [accountId, id, how, by],
      );
      return this.get(accountId, id);
    },
    /**
     * Deletes rows older than the cutoff, a bounded batch at a time, under a session advisory
     * lock so one instance does it; answers how many went (null: another instance holds the lock).
     */
    async deleteOlderThan(cutoff: Date, batch = 5000): Promise<number | null> {
      const client = await db.connect();
      try {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RETENTION_LOCK]);
        if (!rows[0]?.locked) return null;
        try {
          let total = 0;
          for (;;) {
            const { rowCount } = await client.query('DELETE FROM message_log WHERE id IN (SELECT id FROM message_log WHERE created_at < $1 LIMIT $2)', [cutoff, batch]);
            total += rowCount ?? 0;
            if ((rowCount ?? 0) < batch) return total;
          }
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK]);
        }
      } finally {
        client.release();
      }
    },
    async deleteTest(accountId: string): Promise<number> {
      const { rowCount } = await db.query('DELETE FROM message_log WHERE account_id = $1 AND test', [accountId]);
      return rowCount ?? 0;
    },
  };
}

export type MessageLogRepository = ReturnType<typeof createMessageLogRepository>;
