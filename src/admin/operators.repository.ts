import type { Db } from '../infra/db.js';
import type { OperatorIdentity, OperatorLookup } from './auth.js';

export interface OperatorRecord extends OperatorIdentity {
  username: string | null;
  mustChangePassword: boolean;
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
  username: string | null;
  must_change_password: boolean;
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
  username: r.username,
  mustChangePassword: r.must_change_password,
  createdBy: r.created_by,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

const COLUMNS = 'id, account_id, name, roles, department, username, must_change_password, created_by, created_at, disabled_at';

export function createOperatorRepository(db: Db) {
  return {
    async findByTokenHash(tokenHash: string): Promise<OperatorIdentity | undefined> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM operators WHERE token_hash = $1 AND disabled_at IS NULL`, [tokenHash]);
      return rows[0] && toRecord(rows[0]);
    },
    async findById(id: number): Promise<OperatorRecord | undefined> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM operators WHERE id = $1 AND disabled_at IS NULL`, [id]);
      return rows[0] && toRecord(rows[0]);
    },
    /** An enabled operator by username (case-insensitive), with the password hash for verification. */
    async findForSignIn(username: string): Promise<(OperatorRecord & { passwordHash: string | null }) | undefined> {
      const { rows } = await db.query<Row & { password_hash: string | null }>(
        `SELECT ${COLUMNS}, password_hash FROM operators WHERE lower(username) = lower($1) AND disabled_at IS NULL`,
        [username],
      );
      return rows[0] && { ...toRecord(rows[0]), passwordHash: rows[0].password_hash };
    },
    async passwordHashOf(id: number): Promise<string | null> {
      const { rows } = await db.query<{ password_hash: string | null }>('SELECT password_hash FROM operators WHERE id = $1', [id]);
      return rows[0]?.password_hash ?? null;
    },
    /** A new password; `mustChange` when an admin set it (the operator changes it at next sign-in). */
    async setPassword(accountId: string | undefined, id: number, passwordHash: string, mustChange: boolean): Promise<OperatorRecord | undefined> {
      const { rows } = await db.query<Row>(
        `UPDATE operators SET password_hash = $3, must_change_password = $4, password_changed_at = now()
         WHERE id = $2 AND ($1::text IS NULL OR account_id = $1) AND disabled_at IS NULL AND username IS NOT NULL RETURNING ${COLUMNS}`,
        [accountId ?? null, id, passwordHash, mustChange],
      );
      return rows[0] && toRecord(rows[0]);
    },
    /**
     * Undefined when the name is taken in this account, or the username in any account
     * (usernames are unique case-insensitively: signing in names no account).
     */
    async create(input: {
      accountId: string;
      name: string;
      roles: string[];
      department?: string;
      tokenHash: string;
      createdBy: string;
      username?: string;
      passwordHash?: string;
    }): Promise<OperatorRecord | undefined> {
      const { rows } = await db.query<Row>(
        `INSERT INTO operators (account_id, name, roles, department, token_hash, created_by, username, password_hash, must_change_password)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8::text IS NOT NULL)
         ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [input.accountId, input.name, input.roles, input.department ?? null, input.tokenHash, input.createdBy, input.username ?? null, input.passwordHash ?? null],
      );
      return rows[0] && toRecord(rows[0]);
    },
    /** The account's configured departments (ticket settings); empty when none are configured. */
    async departments(accountId: string): Promise<string[]> {
      const { rows } = await db.query<{ departments: string[] }>('SELECT departments FROM ticket_settings WHERE account_id = $1', [accountId]);
      return rows[0]?.departments ?? [];
    },
    /** Name, roles and department of an operator; undefined when absent or when the name is taken. */
    async update(accountId: string, id: number, input: { name: string; roles: string[]; department: string | null }): Promise<OperatorRecord | undefined> {
      const { rows } = await db.query<Row>(
        `UPDATE operators SET name = $3, roles = $4, department = $5 WHERE account_id = $1 AND id = $2
           AND NOT EXISTS (SELECT 1 FROM operators o WHERE o.account_id = $1 AND o.name = $3 AND o.id <> $2)
         RETURNING ${COLUMNS}`,
        [accountId, id, input.name, input.roles, input.department],
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
