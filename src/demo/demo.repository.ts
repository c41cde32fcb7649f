import type { Db } from '../infra/db.js';

export function createDemoRepository(db: Db) {
  return {
    async isLoaded(accountId: string, feature: string): Promise<boolean> {
      const { rowCount } = await db.query('SELECT 1 FROM demo_marks WHERE account_id = $1 AND feature = $2', [accountId, feature]);
      return (rowCount ?? 0) > 0;
    },
    async markLoaded(accountId: string, feature: string): Promise<void> {
      await db.query('INSERT INTO demo_marks (account_id, feature) VALUES ($1, $2) ON CONFLICT DO NOTHING', [accountId, feature]);
    },
  };
}
