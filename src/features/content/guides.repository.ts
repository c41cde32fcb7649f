import type pg from 'pg';
import { withTransaction, type Db } from '../../infra/db.js';
import type { ContentStatus, Guide, GuideInput, SearchIndex } from './content.types.js';

interface Row {
  id: number;
  account_id: string;
  doc: Omit<GuideInput, 'status'>;
  status: ContentStatus;
  version: number;
  created_at: Date;
  updated_at: Date;
  total?: number;
  inserted?: boolean;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const COLUMNS = 'id, account_id, doc, status, version, created_at, updated_at';

const toGuide = (row: Row): Guide => ({
  ...row.doc,
  id: row.id,
  accountId: row.account_id,
  status: row.status,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

function params(input: GuideInput, index: SearchIndex) {
  const { status, ...doc } = input;
  return [input.code, input.name, input.department, JSON.stringify(doc), status ?? 'draft', index.matchKeys, index.vector];
}

export interface GuideFilter {
  status?: ContentStatus;
  department?: string;
  tsquery?: string;
  limit: number;
  offset: number;
}

async function upsert(q: Queryable, accountId: string, input: GuideInput, index: SearchIndex): Promise<{ guide: Guide; created: boolean }> {
  const { rows } = await q.query<Row>(
    `INSERT INTO service_guides AS g (code, name, department, doc, status, match_keys, search_vec, account_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7::tsvector, $8)
     ON CONFLICT (account_id, code) DO UPDATE SET name = EXCLUDED.name, department = EXCLUDED.department, doc = EXCLUDED.doc,
       status = EXCLUDED.status, match_keys = EXCLUDED.match_keys, search_vec = EXCLUDED.search_vec,
       version = g.version + 1, updated_at = now()
     RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
    [...params(input, index), accountId],
  );
  return { guide: toGuide(rows[0]!), created: rows[0]!.inserted === true };
}

export function createGuideRepository(db: Db) {
  return {
    async list(accountId: string, filter: GuideFilter): Promise<{ items: Guide[]; total: number }> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS}, count(*) OVER () AS total FROM service_guides
         WHERE account_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR department = $3)
           AND ($4::tsquery IS NULL OR search_vec @@ $4::tsquery)
         ORDER BY code LIMIT $5 OFFSET $6`,
        [accountId, filter.status ?? null, filter.department ?? null, filter.tsquery ?? null, filter.limit, filter.offset],
      );
      return { items: rows.map(toGuide), total: rows[0]?.total ?? 0 };
    },
    async get(accountId: string, id: number): Promise<Guide | undefined> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM service_guides WHERE account_id = $1 AND id = $2`, [accountId, id]);
      return rows[0] && toGuide(rows[0]);
    },
    async visible(accountId: string, id: number): Promise<Guide | undefined> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM service_guides WHERE account_id = $1 AND id = $2 AND status = 'published'`,
        [accountId, id],
      );
      return rows[0] && toGuide(rows[0]);
    },
    async visibleByCode(accountId: string, code: string): Promise<Guide | undefined> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM service_guides WHERE account_id = $1 AND code = $2 AND status = 'published'`,
        [accountId, code],
      );
      return rows[0] && toGuide(rows[0]);
    },
    /** Undefined when the code is taken by another guide of the account. */
    async create(accountId: string, input: GuideInput, index: SearchIndex): Promise<Guide | undefined> {
      const { rows } = await db.query<Row>(
        `INSERT INTO service_guides (code, name, department, doc, status, match_keys, search_vec, account_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7::tsvector, $8) ON CONFLICT (account_id, code) DO NOTHING RETURNING ${COLUMNS}`,
        [...params(input, index), accountId],
      );
      return rows[0] && toGuide(rows[0]);
    },
    /** 'conflict' when the new code is taken by another guide. */
    async update(accountId: string, id: number, input: GuideInput, index: SearchIndex): Promise<Guide | undefined | 'conflict'> {
      try {
        const { rows } = await db.query<Row>(
          `UPDATE service_guides SET code = $1, name = $2, department = $3, doc = $4, status = $5, match_keys = $6,
             search_vec = $7::tsvector, version = version + 1, updated_at = now()
           WHERE account_id = $8 AND id = $9 RETURNING ${COLUMNS}`,
          [...params(input, index), accountId, id],
        );
        return rows[0] && toGuide(rows[0]);
      } catch (err) {
        if ((err as { code?: string }).code === '23505') return 'conflict';
        throw err;
      }
    },
    async remove(accountId: string, id: number): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM service_guides WHERE account_id = $1 AND id = $2', [accountId, id]);
      return (rowCount ?? 0) > 0;
    },
    /** Creates or updates (by code) every guide in one transaction: all of them or none. */
    async upsertAll(accountId: string, rows: Array<{ input: GuideInput; index: SearchIndex }>): Promise<Array<{ guide: Guide; created: boolean }>> {
      return withTransaction(db, async (client) => {
        const out: Array<{ guide: Guide; created: boolean }> = [];
        for (const row of rows) out.push(await upsert(client, accountId, row.input, row.index));
        return out;
      });
    },
  };
}

export type GuideRepository = ReturnType<typeof createGuideRepository>;
