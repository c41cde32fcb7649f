import type { Db } from '../infra/db.js';
import type { OperatorIdentity, OperatorLookup } from './auth.js';

export interface OperatorRecord extends OperatorIdentity {
  createdBy: string;
  createdAt: Date;
  disabledAt: Date | null;
}

interface Row {
  id: number;
  account_id: string;
  name: string;
  roles: string[];
  department: string | null;
  created_by: string;
  created_at: Date;
  disabled_at: Date | null;
}

const toRecord = (r: Row): OperatorRecord => ({
  id: Number(r.id),
  accountId: r.account_id,
  name: r.name,
  roles: r.roles,
  ...(r.department ? { department: r.department } : {}),
  createdBy: r.created_by,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

const COLUMNS = 'id, account_id, name, roles, department, created_by, created_at, disabled_at';

export function createOperatorRepository(db: Db) {
  return {
    async findByTokenHash(tokenHash: string): Promise<OperatorIdentity | undefined> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM operators WHERE token_hash = $1 AND disabled_at IS NULL`, [tokenHash]);
      return rows[0] && toRecord(rows[0]);
    },
    /** Undefined when the name is taken in this account. */
    async create(input: { accountId: string; name: string; roles: string[]; department?: string; tokenHash: string; createdBy: string }): Promise<OperatorRecord | undefined> {
      const { rows } = await db.query<Row>(
        `INSERT INTO operators (account_id, name, roles, department, token_hash, created_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, name) DO NOTHING RETURNING ${COLUMNS}`,
        [input.accountId, input.name, input.roles, input.department ?? null, input.tokenHash, input.createdBy],
      );
      return rows[0] && toRecord(rows[0]);
    },
    async list(accountId: string): Promise<OperatorRecord[]> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM operators WHERE account_id = $1 ORDER BY id`, [accountId]);
      return rows.map(toRecord);
    },
    async disable(accountId: string, id: number): Promise<OperatorRecord | undefined> {
      const { rows } = await db.query<Row>(
        `UPDATE operators SET disabled_at = COALESCE(disabled_at, now()) WHERE account_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [accountId, id],
      );
      return rows[0] && toRecord(rows[0]);
    },
    /** A new token for an enabled operator; the old one stops working at once. */
    async rotateToken(accountId: string, id: number, tokenHash: string): Promise<OperatorRecord | undefined> {
      const { rows } = await db.query<Row>(
        `UPDATE operators SET token_hash = $3 WHERE account_id = $1 AND id = $2 AND disabled_at IS NULL RETURNING ${COLUMNS}`,
        [accountId, id, tokenHash],
      );
      return rows[0] && toRecord(rows[0]);
    },
  };
}

export type OperatorRepository = ReturnType<typeof createOperatorRepository> & OperatorLookup;
