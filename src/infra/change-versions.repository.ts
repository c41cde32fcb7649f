import type { Db } from './db.js';

export interface ChangeVersion {
  channel: string;
  /** '' for a change that concerns every account. */
  accountId: string;
  version: number;
}

/** Version counters per change channel and account (migration 1700000000050). */
export function createChangeVersionRepository(db: Db) {
  return {
    /** Counts one more change; returns the new version. */
    async bump(channel: string, accountId: string): Promise<number> {
      const { rows } = await db.query<{ version: number }>(
        `INSERT INTO change_versions (channel, account_id) VALUES ($1, $2)
         ON CONFLICT (channel, account_id) DO UPDATE SET version = change_versions.version + 1
         RETURNING version`,
        [channel, accountId],
      );
      return rows[0]!.version;
    },
    /**
     * The sum of all versions: every bump raises it by exactly one, so an unchanged
     * sum means nothing changed and the rows need not be read.
     */
    async total(): Promise<number> {
      const { rows } = await db.query<{ total: number }>('SELECT coalesce(sum(version), 0)::int8 AS total FROM change_versions');
      return rows[0]!.total;
    },
    async all(): Promise<ChangeVersion[]> {
      const { rows } = await db.query<{ channel: string; account_id: string; version: number }>(
        'SELECT channel, account_id, version FROM change_versions',
      );
      return rows.map((row) => ({ channel: row.channel, accountId: row.account_id, version: row.version }));
    },
  };
}

export type ChangeVersionRepository = ReturnType<typeof createChangeVersionRepository>;
