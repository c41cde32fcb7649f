import { withTransaction, type Db } from '../../infra/db.js';
import type { Intent, IntentInput } from './intents.types.js';
import { DEFAULT_INTENT_PRIORITY } from './intents.types.js';

interface Row {
  id: string;
  account_id: string;
  name: string;
  phrases: Intent['phrases'];
  action: string;
  priority: number;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

const toIntent = (row: Row): Intent => ({
  id: Number(row.id),
  accountId: row.account_id,
  name: row.name,
  phrases: row.phrases,
  action: row.action,
  priority: row.priority,
  enabled: row.enabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const params = (input: IntentInput) => [input.name, JSON.stringify(input.phrases), input.action, input.priority ?? DEFAULT_INTENT_PRIORITY, input.enabled ?? true];

/** Unique violation on (account_id, name). */
export const isDuplicateName = (err: unknown) => (err as { code?: string }).code === '23505';

export function createIntentRepository(db: Db) {
  return {
    async list(accountId: string, options: { enabledOnly?: boolean } = {}): Promise<Intent[]> {
      const { rows } = await db.query<Row>(
        `SELECT * FROM intents WHERE account_id = $1 ${options.enabledOnly ? 'AND enabled' : ''} ORDER BY priority DESC, id`,
        [accountId],
      );
      return rows.map(toIntent);
    },
    async get(accountId: string, id: number): Promise<Intent | undefined> {
      const { rows } = await db.query<Row>('SELECT * FROM intents WHERE account_id = $1 AND id = $2', [accountId, id]);
      return rows[0] && toIntent(rows[0]);
    },
    async create(accountId: string, input: IntentInput): Promise<Intent> {
      const { rows } = await db.query<Row>(
        'INSERT INTO intents (account_id, name, phrases, action, priority, enabled) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
        [accountId, ...params(input)],
      );
      return toIntent(rows[0]!);
    },
    async update(accountId: string, id: number, input: IntentInput): Promise<Intent | undefined> {
      const { rows } = await db.query<Row>(
        `UPDATE intents SET name = $3, phrases = $4, action = $5, priority = $6, enabled = $7, updated_at = now()
         WHERE account_id = $1 AND id = $2 RETURNING *`,
        [accountId, id, ...params(input)],
      );
      return rows[0] && toIntent(rows[0]);
    },
    /**
     * Gives an account the core set once, in one transaction: the first caller (of any
     * instance) claims the account and inserts the intents whose names are free; later calls,
     * and intents an operator deleted since, change nothing. Answers how many were added.
     */
    async loadCoreOnce(accountId: string, inputs: IntentInput[]): Promise<number> {
      return withTransaction(db, async (client) => {
        const claimed = await client.query('INSERT INTO intent_defaults (account_id) VALUES ($1) ON CONFLICT DO NOTHING', [accountId]);
        if (!claimed.rowCount) return 0;
        let added = 0;
        for (const input of inputs) {
          const inserted = await client.query(
            `INSERT INTO intents (account_id, name, phrases, action, priority, enabled) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (account_id, name) DO NOTHING`,
            [accountId, ...params(input)],
          );
          added += inserted.rowCount ?? 0;
        }
        return added;
      });
    },
    async remove(accountId: string, id: number): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM intents WHERE account_id = $1 AND id = $2', [accountId, id]);
      return (rowCount ?? 0) > 0;
    },
  };
}

export type IntentRepository = ReturnType<typeof createIntentRepository>;
