import type { Db } from '../../infra/db.js';

/** A published answer as the public reads it: the operator's texts, never the ticket's. */
export interface PublishedAnswer {
  id: number;
  category: string;
  question: string;
  answer: string;
  department: string | null;
  publishedAt: Date;
}

const COLUMNS = 'id, category, question, answer, department, published_at AS "publishedAt"';
const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Reads published answers (the tickets feature writes them when an operator publishes). */
export function createAnswerRepository(db: Db) {
  return {
    async list(accountId: string, filter: { q?: string; category?: string }, limit: number): Promise<PublishedAnswer[]> {
      const { rows } = await db.query<PublishedAnswer>(
        `SELECT ${COLUMNS} FROM published_answers
         WHERE account_id = $1 AND withdrawn_at IS NULL AND ($2::text IS NULL OR category = $2)
           AND ($3::text IS NULL OR question ILIKE $3 OR answer ILIKE $3)
         ORDER BY published_at DESC, id DESC LIMIT $4`,
        [accountId, filter.category ?? null, filter.q ? like(filter.q) : null, limit],
      );
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },

    async categories(accountId: string): Promise<Array<{ name: string; count: number }>> {
      const { rows } = await db.query<{ name: string; count: number }>(
        `SELECT category AS name, count(*)::int AS count FROM published_answers WHERE account_id = $1 AND withdrawn_at IS NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
        [accountId],
      );
      return rows;
    },

    async visible(accountId: string, id: number): Promise<PublishedAnswer | undefined> {
      const { rows } = await db.query<PublishedAnswer>(`SELECT ${COLUMNS} FROM published_answers WHERE account_id = $1 AND id = $2 AND withdrawn_at IS NULL`, [accountId, id]);
      return rows[0] && { ...rows[0], id: Number(rows[0].id) };
    },
  };
}

export type AnswerRepository = ReturnType<typeof createAnswerRepository>;
