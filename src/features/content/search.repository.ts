import type { Db } from '../../infra/db.js';
import type { GuideInput } from './content.types.js';
import { ANSWER_SUBTITLE, answerFields, guideFields, newsFields, placeFields, type CorpusRow } from './search.fields.js';

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

interface GuideCorpusRow {
  id: number;
  doc: Omit<GuideInput, 'status'>;
  updated_at: Date;
}
interface NewsCorpusRow {
  id: number;
  title: string;
  category: string;
  summary: string;
  body: string;
  published_at: Date;
}
interface AnswerCorpusRow {
  id: number;
  question: string;
  answer: string;
  category: string;
  department: string | null;
  published_at: Date;
}
export interface PublishedAnswerRow {
  id: number;
  question: string;
  answer: string;
  category: string;
  department: string | null;
}
interface PlaceCorpusRow {
  id: number;
  name: string;
  kind: string;
  address: string | null;
  note: string | null;
  updated_at: Date;
}

export function createSearchRepository(db: Db) {
  return {
    /** Everything a citizen may find, for the in-memory index; news carries its publication time. */
    async corpus(accountId: string): Promise<CorpusRow[]> {
      const [guides, news, places, answers] = await Promise.all([
        db.query<GuideCorpusRow>(`SELECT id, doc, updated_at FROM service_guides WHERE account_id = $1 AND status = 'published' ORDER BY id`, [accountId]),
        db.query<NewsCorpusRow>(
          `SELECT id, title, category, summary, body, published_at FROM news_items
           WHERE account_id = $1 AND status = 'published' AND published_at IS NOT NULL ORDER BY id`,
          [accountId],
        ),
        db.query<PlaceCorpusRow>(`SELECT id, name, kind, address, note, updated_at FROM places WHERE account_id = $1 AND status = 'published' ORDER BY id`, [accountId]),
        db.query<AnswerCorpusRow>(
          `SELECT id, question, answer, category, department, published_at FROM published_answers WHERE account_id = $1 AND withdrawn_at IS NULL ORDER BY id`,
          [accountId],
        ),
      ]);
      return [
        ...guides.rows.map((r) => ({ kind: 'guide' as const, id: r.id, title: r.doc.name, subtitle: r.doc.department, at: r.updated_at.getTime(), ...guideFields(r.doc) })),
        ...news.rows.map((r) => ({ kind: 'news' as const, id: r.id, title: r.title, subtitle: r.category, at: r.published_at.getTime(), ...newsFields(r) })),
        ...places.rows.map((r) => ({ kind: 'place' as const, id: r.id, title: r.name, subtitle: r.address, at: r.updated_at.getTime(), ...placeFields(r) })),
        ...answers.rows.map((r) => {
          const indexed = answerFields(r);
          return { kind: 'answer' as const, id: Number(r.id), title: indexed.keys[0]!, subtitle: ANSWER_SUBTITLE, at: r.published_at.getTime(), ...indexed };
        }),
      ];
    },

    /** A published answer, unless withdrawn: opened from a search result. */
    async publishedAnswer(accountId: string, id: number): Promise<PublishedAnswerRow | undefined> {
      const { rows } = await db.query<PublishedAnswerRow>(
        'SELECT id, question, answer, category, department FROM published_answers WHERE account_id = $1 AND id = $2 AND withdrawn_at IS NULL',
        [accountId, id],
      );
      return rows[0];
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
