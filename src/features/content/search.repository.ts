import type { Db } from '../../infra/db.js';
import type { ResultKind, SearchHit } from './content.types.js';

export interface SearchSql {
  /** Candidate rows: every row matching this tsquery (GIN index). */
  match: string;
  /** Rows matching this tsquery hit in the title (ranked higher). */
  title: string;
  /** Compact keys that count as an exact name/keyword match (ranked first). */
  exactKeys: string[];
  /** Relaxed mode: per-clause tsqueries and how many must match; none in strict mode. */
  clauses: string[];
  minClauses: number;
  limit: number;
}

interface HitRow {
  kind: ResultKind;
  id: number;
  title: string;
  subtitle: string | null;
}

export interface SynonymGroup {
  id: number;
  terms: string[];
  createdAt: string;
  updatedAt: string;
}

interface SynonymRow {
  id: number;
  terms: string[];
  created_at: Date;
  updated_at: Date;
}

const toGroup = (row: SynonymRow): SynonymGroup => ({
  id: row.id,
  terms: row.terms,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** The per-table part of the search: the same ranking columns for guides, news and places. */
const branch = (kind: ResultKind, order: number, table: string, title: string, subtitle: string, at: string, visible: string) => `
  SELECT '${kind}'::text AS kind, id, ${title} AS title, ${subtitle} AS subtitle, ${order} AS kind_order, ${at} AS at,
         match_keys && $3::text[] AS exact,
         (SELECT count(*) FROM unnest($5::tsquery[]) AS c(q) WHERE search_vec @@ c.q) AS clause_hits,
         search_vec @@ $4::tsquery AS title_hit,
         ts_rank(search_vec, $2::tsquery) AS rank
  FROM ${table} WHERE account_id = $1 AND ${visible} AND search_vec @@ $2::tsquery`;

const SEARCH = `
SELECT kind, id, title, subtitle FROM (
  ${branch('guide', 0, 'service_guides', 'name', 'department', 'updated_at', "status = 'published'")}
  UNION ALL
  ${branch('news', 1, 'news_items', 'title', 'category', 'published_at', "status = 'published' AND published_at <= now()")}
  UNION ALL
  ${branch('place', 2, 'places', 'name', 'address', 'updated_at', "status = 'published'")}
) r
WHERE clause_hits >= $6
ORDER BY exact DESC, clause_hits DESC, title_hit DESC, rank DESC, kind_order, at DESC, id DESC
LIMIT $7`;

export function createSearchRepository(db: Db) {
  return {
    async search(accountId: string, q: SearchSql): Promise<SearchHit[]> {
      const { rows } = await db.query<HitRow>(SEARCH, [accountId, q.match, q.exactKeys, q.title, q.clauses, q.minClauses, q.limit]);
      return rows.map((r) => ({ kind: r.kind, id: r.id, title: r.title, subtitle: r.subtitle }));
    },

    async listSynonyms(accountId: string): Promise<SynonymGroup[]> {
      const { rows } = await db.query<SynonymRow>('SELECT * FROM search_synonyms WHERE account_id = $1 ORDER BY id', [accountId]);
      return rows.map(toGroup);
    },
    async createSynonyms(accountId: string, terms: string[]): Promise<SynonymGroup> {
      const { rows } = await db.query<SynonymRow>('INSERT INTO search_synonyms (account_id, terms) VALUES ($1, $2) RETURNING *', [accountId, terms]);
      return toGroup(rows[0]!);
    },
    async updateSynonyms(accountId: string, id: number, terms: string[]): Promise<SynonymGroup | undefined> {
      const { rows } = await db.query<SynonymRow>(
        'UPDATE search_synonyms SET terms = $3, updated_at = now() WHERE account_id = $1 AND id = $2 RETURNING *',
        [accountId, id, terms],
      );
      return rows[0] && toGroup(rows[0]);
    },
    async removeSynonyms(accountId: string, id: number): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM search_synonyms WHERE account_id = $1 AND id = $2', [accountId, id]);
      return (rowCount ?? 0) > 0;
    },

    async recordUnmatched(accountId: string, query: string): Promise<void> {
      await db.query(
        `INSERT INTO search_unmatched (account_id, query) VALUES ($1, $2)
         ON CONFLICT (account_id, query) DO UPDATE SET hits = search_unmatched.hits + 1, last_at = now()`,
        [accountId, query],
      );
    },
    async topUnmatched(accountId: string, limit: number, sinceDays: number | null) {
      const { rows } = await db.query<{ query: string; count: number; firstSeenAt: Date; lastSeenAt: Date }>(
        `SELECT query, hits AS count, first_at AS "firstSeenAt", last_at AS "lastSeenAt" FROM search_unmatched
         WHERE account_id = $1 AND ($2::int IS NULL OR last_at >= now() - make_interval(days => $2::int))
         ORDER BY hits DESC, last_at DESC, query LIMIT $3`,
        [accountId, sinceDays, limit],
      );
      return rows.map((r) => ({ ...r, firstSeenAt: r.firstSeenAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString() }));
    },
    async clearUnmatched(accountId: string, query: string | null): Promise<number> {
      const { rowCount } = await db.query('DELETE FROM search_unmatched WHERE account_id = $1 AND ($2::text IS NULL OR query = $2)', [accountId, query]);
      return rowCount ?? 0;
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
