import type { Db } from '../infra/db.js';

export interface AuditEntry {
  accountId: string | null;
  actor: string;
  action: string;
  resource: string;
  resourceId?: string | number | null;
  detail?: unknown;
}

export function createAuditRepository(db: Db) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db.query(
        'INSERT INTO audit_log (account_id, actor, action, resource, resource_id, detail) VALUES ($1, $2, $3, $4, $5, $6)',
        [entry.accountId, entry.actor, entry.action, entry.resource, entry.resourceId == null ? null : String(entry.resourceId), entry.detail === undefined ? null : JSON.stringify(entry.detail)],
      );
    },
    async list(filter: { resource?: string; resourceId?: string; limit?: number }) {
      const { rows } = await db.query(
        `SELECT id, account_id AS "accountId", actor, action, resource, resource_id AS "resourceId", detail, created_at AS "createdAt"
         FROM audit_log WHERE ($1::text IS NULL OR resource = $1) AND ($2::text IS NULL OR resource_id = $2)
         ORDER BY id DESC LIMIT $3`,
        [filter.resource ?? null, filter.resourceId ?? null, filter.limit ?? 100],
      );
      return rows;
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
