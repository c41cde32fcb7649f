import type { PoolClient } from 'pg';
import { withTransaction, type Db } from '../infra/db.js';

/**
 * What a new account takes from its template: the custom menu (not yet published to the new
 * account's WeChat), the subscribe and default replies, keyword rules (hit counts start at
 * zero), numbered menus, intents, the appeals desk's departments and deadlines, and on request
 * the service guides. Columns are read from the catalogue, so a column added later is copied too.
 */
const TABLES = ['custom_menus', 'auto_replies', 'keyword_rules', 'numbered_menus', 'intents', 'intent_defaults', 'ticket_settings'] as const;
const GUIDES = 'service_guides';

/** Columns that start afresh rather than copied. */
const FRESH: Record<string, string> = {
  hits: '0',
  published_menu: 'NULL',
  published_by: 'NULL',
  published_at: 'NULL',
  created_at: 'now()',
  updated_at: 'now()',
  loaded_at: 'now()',
};

async function copyTable(client: PoolClient, table: string, from: string, to: string): Promise<number> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' AND column_name NOT IN ('id', 'account_id')
     ORDER BY ordinal_position`,
    [table],
  );
  if (rows.length === 0) return 0;
  const columns = rows.map((r) => `"${r.column_name}"`);
  const values = rows.map((r) => FRESH[r.column_name] ?? `"${r.column_name}"`);
  const { rowCount } = await client.query(
    `INSERT INTO ${table} (account_id, ${columns.join(', ')}) SELECT $2, ${values.join(', ')} FROM ${table} WHERE account_id = $1`,
    [from, to],
  );
  return rowCount ?? 0;
}

export function createAccountTemplateRepository(db: Db) {
  return {
    async exists(id: string): Promise<boolean> {
      const { rowCount } = await db.query('SELECT 1 FROM accounts WHERE id = $1', [id]);
      return (rowCount ?? 0) > 0;
    },

    /** Copies the template's set-up into a new, empty account, in one transaction; counts per table. */
    async copy(from: string, to: string, options: { guides: boolean }): Promise<Record<string, number>> {
      return withTransaction(db, async (client) => {
        const copied: Record<string, number> = {};
        for (const table of [...TABLES, ...(options.guides ? [GUIDES] : [])]) copied[table] = await copyTable(client, table, from, to);
        return copied;
      });
    },
  };
}

export type AccountTemplateRepository = ReturnType<typeof createAccountTemplateRepository>;
