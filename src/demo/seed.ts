import type { Logger } from 'pino';
import type { Feature } from '../features/feature.js';
import type { Db } from '../infra/db.js';
import { createDemoRepository } from './demo.repository.js';

/**
 * Loads each feature's fictional demo content into an account, once per feature:
 * a restart never loads it twice, and a feature added later still gets its own.
 */
export async function seedDemoContent(db: Db, features: Feature[], accountId: string, log: Logger): Promise<string[]> {
  const marks = createDemoRepository(db);
  const loaded: string[] = [];
  for (const feature of features) {
    if (!feature.seedDemo || (await marks.isLoaded(accountId, feature.name))) continue;
    await feature.seedDemo(accountId);
    await marks.markLoaded(accountId, feature.name);
    loaded.push(feature.name);
  }
  if (loaded.length > 0) log.info({ accountId, features: loaded }, 'demo content loaded');
  return loaded;
}
