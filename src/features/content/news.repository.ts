import type { Db } from '../../infra/db.js';
import type { ContentStatus, News, NewsInput, SearchIndex } from './content.types.js';

interface Row {
  id: number;
  account_id: string;
  title: string;
  summary: string;
  body: string;
  category: string;
  cover_url: string | null;
  url: string | null;
  published_at: Date | null;
  status: ContentStatus;
  pinned: boolean;
  created_at: Date;
  updated_at: Date;
  total?: number;
}

const COLUMNS = 'id, account_id, title, summary, body, category, cover_url, url, published_at, status, pinned, created_at, updated_at';
/** Published and not scheduled for later: the only news a citizen may see. */
const VISIBLE = "status = 'published' AND published_at <= now()";

const toNews = (row: Row): News => ({
  id: row.id,
  accountId: row.account_id,
  title: row.title,
  summary: row.summary,
  body: row.body,
  category: row.category,
  coverUrl: row.cover_url,
  url: row.url,
  publishedAt: row.published_at?.toISOString() ?? null,
  status: row.status,
  pinned: row.pinned,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

// A published item without a date is dated when it is published.
const params = (input: NewsInput, index: SearchIndex) => [
  input.title,
  input.summary,
  input.body,
  input.category,
  input.coverUrl ?? null,
  input.url ?? null,
  input.publishedAt ?? null,
  input.status ?? 'draft',
  input.pinned ?? false,
  index.matchKeys,
  index.vector,
];

export interface NewsFilter {
  category?: string;
  status?: ContentStatus;
  /** A tsquery (from the search parser) the item must match. */
  tsquery?: string;
  limit: number;
  offset: number;
}

export function createNewsRepository(db: Db) {
  return {
    async list(accountId: string, filter: NewsFilter): Promise<{ items: News[]; total: number }> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS}, count(*) OVER () AS total FROM news_items
         WHERE account_id = $1 AND ($2::text IS NULL OR category = $2) AND ($3::text IS NULL OR status = $3)
           AND ($4::tsquery IS NULL OR search_vec @@ $4::tsquery)
         ORDER BY pinned DESC, published_at DESC NULLS FIRST, id DESC LIMIT $5 OFFSET $6`,
        [accountId, filter.category ?? null, filter.status ?? null, filter.tsquery ?? null, filter.limit, filter.offset],
      );
      return { items: rows.map(toNews), total: rows[0]?.total ?? 0 };
    },
    async get(accountId: string, id: number): Promise<News | undefined> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM news_items WHERE account_id = $1 AND id = $2`, [accountId, id]);
      return rows[0] && toNews(rows[0]);
    },
    async create(accountId: string, input: NewsInput, index: SearchIndex): Promise<News> {
      const { rows } = await db.query<Row>(
        `INSERT INTO news_items (title, summary, body, category, cover_url, url, published_at, status, pinned, match_keys, search_vec, account_id)
         VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::timestamptz, CASE WHEN $8 = 'published' THEN now() END), $8, $9, $10, $11::tsvector, $12)
         RETURNING ${COLUMNS}`,
        [...params(input, index), accountId],
      );
      return toNews(rows[0]!);
    },
    async update(accountId: string, id: number, input: NewsInput, index: SearchIndex): Promise<News | undefined> {
      const { rows } = await db.query<Row>(
        `UPDATE news_items SET title = $1, summary = $2, body = $3, category = $4, cover_url = $5, url = $6,
           published_at = COALESCE($7::timestamptz, published_at, CASE WHEN $8 = 'published' THEN now() END),
           status = $8, pinned = $9, match_keys = $10, search_vec = $11::tsvector, updated_at = now()
         WHERE account_id = $12 AND id = $13 RETURNING ${COLUMNS}`,
        [...params(input, index), accountId, id],
      );
      return rows[0] && toNews(rows[0]);
    },
    async remove(accountId: string, id: number): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM news_items WHERE account_id = $1 AND id = $2', [accountId, id]);
      return (rowCount ?? 0) > 0;
    },
    async visible(accountId: string, id: number): Promise<News | undefined> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM news_items WHERE account_id = $1 AND id = $2 AND ${VISIBLE}`, [accountId, id]);
      return rows[0] && toNews(rows[0]);
    },
    /** The newest visible item of a category (any category when null). */
    async latest(accountId: string, category: string | null): Promise<News | undefined> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM news_items WHERE account_id = $1 AND ($2::text IS NULL OR category = $2) AND ${VISIBLE}
         ORDER BY published_at DESC, id DESC LIMIT 1`,
        [accountId, category],
      );
      return rows[0] && toNews(rows[0]);
    },
    /** A category's visible items for its list page: pinned first, then newest. */
    async listVisible(accountId: string, category: string, limit: number, offset: number): Promise<{ items: News[]; total: number }> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS}, count(*) OVER () AS total FROM news_items WHERE account_id = $1 AND category = $2 AND ${VISIBLE}
         ORDER BY pinned DESC, published_at DESC, id DESC LIMIT $3 OFFSET $4`,
        [accountId, category, limit, offset],
      );
      return { items: rows.map(toNews), total: rows[0]?.total ?? 0 };
    },
  };
}

export type NewsRepository = ReturnType<typeof createNewsRepository>;
