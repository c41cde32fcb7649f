import type { Db } from '../../infra/db.js';
import type { AutoReplyKind, KeywordRule, KeywordRuleInput, ReplySpec } from './keywords.types.js';

interface Row {
  id: number;
  account_id: string;
  name: string;
  keywords: KeywordRule['keywords'];
  replies: ReplySpec[];
  reply_mode: KeywordRule['replyMode'];
  priority: number;
  enabled: boolean;
  active_from: Date | null;
  active_to: Date | null;
  hits: number;
  created_at: Date;
  updated_at: Date;
}

const toRule = (row: Row): KeywordRule => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  keywords: row.keywords,
  replies: row.replies,
  replyMode: row.reply_mode,
  priority: row.priority,
  enabled: row.enabled,
  activeFrom: row.active_from?.toISOString() ?? null,
  activeTo: row.active_to?.toISOString() ?? null,
  hits: row.hits,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const params = (input: KeywordRuleInput) => [
  input.name,
  JSON.stringify(input.keywords),
  JSON.stringify(input.replies),
  input.replyMode,
  input.priority ?? 0,
  input.enabled ?? true,
  input.activeFrom ?? null,
  input.activeTo ?? null,
];

export function createKeywordRepository(db: Db) {
  return {
    async list(accountId: string, options: { enabledOnly?: boolean } = {}): Promise<KeywordRule[]> {
      const { rows } = await db.query<Row>(
        `SELECT * FROM keyword_rules WHERE account_id = $1 ${options.enabledOnly ? 'AND enabled' : ''} ORDER BY priority DESC, created_at DESC, id DESC`,
        [accountId],
      );
      return rows.map(toRule);
    },
    async get(accountId: string, id: number): Promise<KeywordRule | undefined> {
      const { rows } = await db.query<Row>('SELECT * FROM keyword_rules WHERE account_id = $1 AND id = $2', [accountId, id]);
      return rows[0] && toRule(rows[0]);
    },
    async create(accountId: string, input: KeywordRuleInput): Promise<KeywordRule> {
      const { rows } = await db.query<Row>(
        `INSERT INTO keyword_rules (account_id, name, keywords, replies, reply_mode, priority, enabled, active_from, active_to)
         VALUES ($9, $1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [...params(input), accountId],
      );
      return toRule(rows[0]!);
    },
    async update(accountId: string, id: number, input: KeywordRuleInput): Promise<KeywordRule | undefined> {
      const { rows } = await db.query<Row>(
        `UPDATE keyword_rules SET name = $1, keywords = $2, replies = $3, reply_mode = $4, priority = $5, enabled = $6,
           active_from = $7, active_to = $8, updated_at = now()
         WHERE account_id = $9 AND id = $10 RETURNING *`,
        [...params(input), accountId, id],
      );
      return rows[0] && toRule(rows[0]);
    },
    async remove(accountId: string, id: number): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM keyword_rules WHERE account_id = $1 AND id = $2', [accountId, id]);
      return (rowCount ?? 0) > 0;
    },
    async addHits(hits: Map<number, number>): Promise<void> {
      if (hits.size === 0) return;
      await db.query(
        `UPDATE keyword_rules k SET hits = k.hits + h.n
         FROM unnest($1::bigint[], $2::bigint[]) AS h(id, n) WHERE k.id = h.id`,
        [[...hits.keys()], [...hits.values()]],
      );
    },
    async getAutoReply(accountId: string, kind: AutoReplyKind): Promise<ReplySpec[]> {
      const { rows } = await db.query<{ replies: ReplySpec[] }>(
        'SELECT replies FROM auto_replies WHERE account_id = $1 AND kind = $2',
        [accountId, kind],
      );
      return rows[0]?.replies ?? [];
    },
    async setAutoReply(accountId: string, kind: AutoReplyKind, replies: ReplySpec[]): Promise<void> {
      await db.query(
        `INSERT INTO auto_replies (account_id, kind, replies) VALUES ($1, $2, $3)
         ON CONFLICT (account_id, kind) DO UPDATE SET replies = EXCLUDED.replies, updated_at = now()`,
        [accountId, kind, JSON.stringify(replies)],
      );
    },
  };
}

export type KeywordRepository = ReturnType<typeof createKeywordRepository>;
