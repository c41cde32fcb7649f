import type { Db } from '../../infra/db.js';

export interface Publication {
  id: number;
  ticketId: number;
  category: string;
  question: string;
  answer: string;
  department: string | null;
  publishedBy: string;
  publishedAt: Date;
  withdrawnAt: Date | null;
}

const COLUMNS = `id, ticket_id AS "ticketId", category, question, answer, department, published_by AS "publishedBy",
  published_at AS "publishedAt", withdrawn_at AS "withdrawnAt"`;

/** 公开答复 rows: one per ticket; publishing again replaces the texts and shows it again. */
export function createPublishRepository(db: Db) {
  const fix = (p: Publication) => ({ ...p, id: Number(p.id), ticketId: Number(p.ticketId) });
  return {
    async publish(accountId: string, ticketId: number, input: { category: string; question: string; answer: string; department: string | null }, by: string): Promise<Publication> {
      const { rows } = await db.query<Publication>(
        `INSERT INTO published_answers (account_id, ticket_id, category, question, answer, department, published_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (ticket_id) DO UPDATE SET category = EXCLUDED.category, question = EXCLUDED.question, answer = EXCLUDED.answer,
           department = EXCLUDED.department, published_by = EXCLUDED.published_by, published_at = now(), withdrawn_at = NULL
         RETURNING ${COLUMNS}`,
        [accountId, ticketId, input.category, input.question, input.answer, input.department, by],
      );
      return fix(rows[0]!);
    },

    async withdraw(accountId: string, ticketId: number): Promise<Publication | undefined> {
      const { rows } = await db.query<Publication>(
        `UPDATE published_answers SET withdrawn_at = now() WHERE account_id = $1 AND ticket_id = $2 AND withdrawn_at IS NULL RETURNING ${COLUMNS}`,
        [accountId, ticketId],
      );
      return rows[0] && fix(rows[0]);
    },

    async ofTicket(accountId: string, ticketId: number): Promise<Publication | undefined> {
      const { rows } = await db.query<Publication>(`SELECT ${COLUMNS} FROM published_answers WHERE account_id = $1 AND ticket_id = $2`, [accountId, ticketId]);
      return rows[0] && fix(rows[0]);
    },
  };
}

export type PublishRepository = ReturnType<typeof createPublishRepository>;
