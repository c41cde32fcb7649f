import type { Db } from '../infra/db.js';
import { currentActor } from './actor-context.js';

export interface AuditEntry {
  accountId: string | null;
  /** The actor's name as shown; the id and account come from the request's actor (actor-context). */
  actor: string;
  action: string;
  resource: string;
  resourceId?: string | number | null;
  detail?: unknown;
  /** Overrides the request's actor id (null: the super-admin or nobody signed in). */
  actorId?: number | null;
  actorAccount?: string | null;
}

export interface AuditFilter {
  accountId?: string;
  /** With accountId: also entries of no account (failed sign-ins), for the super-admin. */
  withGlobal?: boolean;
  actor?: string;
  actorId?: number;
  action?: string;
  resource?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
  /** Entries with a smaller id (paging, newest first). */
  before?: number;
  limit?: number;
}

const SELECT = `SELECT id, account_id AS "accountId", actor, actor_id AS "actorId", actor_account AS "actorAccount", action, resource,
  resource_id AS "resourceId", detail, created_at AS "createdAt" FROM audit_log`;

export function createAuditRepository(db: Db) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      const who = currentActor();
      const sameActor = who && who.name === entry.actor;
      const actorId = entry.actorId !== undefined ? entry.actorId : sameActor ? who.id : null;
      const actorAccount = entry.actorAccount !== undefined ? entry.actorAccount : sameActor ? who.accountId : null;
      await db.query(
        'INSERT INTO audit_log (account_id, actor, actor_id, actor_account, action, resource, resource_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [
          entry.accountId,
          entry.actor,
          actorId,
          actorAccount,
          entry.action,
          entry.resource,
          entry.resourceId == null ? null : String(entry.resourceId),
          entry.detail === undefined ? null : JSON.stringify(entry.detail),
        ],
      );
    },
    async list(filter: AuditFilter) {
      const { rows } = await db.query(
        `${SELECT} WHERE ($1::text IS NULL OR account_id = $1 OR ($11::boolean AND account_id IS NULL)) AND ($2::text IS NULL OR actor = $2) AND ($3::bigint IS NULL OR actor_id = $3)
           AND ($4::text IS NULL OR action = $4) AND ($5::text IS NULL OR resource = $5) AND ($6::text IS NULL OR resource_id = $6)
           AND ($7::timestamptz IS NULL OR created_at >= $7) AND ($8::timestamptz IS NULL OR created_at < $8) AND ($9::bigint IS NULL OR id < $9)
         ORDER BY id DESC LIMIT $10`,
        [
          filter.accountId ?? null,
          filter.actor ?? null,
          filter.actorId ?? null,
          filter.action ?? null,
          filter.resource ?? null,
          filter.resourceId ?? null,
          filter.from ?? null,
          filter.to ?? null,
          filter.before ?? null,
          filter.limit ?? 100,
          filter.withGlobal === true,
        ],
      );
      return rows;
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
