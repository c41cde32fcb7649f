/**
 * `npm run seed:demo`: loads the fictional demo content into the database named by
 * DATABASE_URL, running the migrations first. A database given by DATABASE_URL is
 * never filled with demo content otherwise.
 */
import { buildApp } from './app.js';
import { loadConfig } from './config/config.js';
import { createDb } from './infra/db.js';
import { createMemoryStore } from './infra/kv/memory.js';
import { createLogger } from './infra/logger.js';
import { createMetrics } from './infra/metrics.js';
import { migrate } from './infra/migrate.js';
import { createWechatApiFactory } from './infra/wechat/client.js';

async function seed(): Promise<void> {
  const config = { ...loadConfig(), seedDemo: true };
  const log = createLogger(config.logLevel);
  if (!config.databaseUrl) {
    console.error('DATABASE_URL is required: seed:demo loads demo content into the database it names.');
    process.exit(1);
  }
  await migrate(config.databaseUrl, log);
  const db = createDb({ connectionString: config.databaseUrl });
  const kv = createMemoryStore();
  const metrics = createMetrics(false);
  const app = await buildApp({ config, db, kv, log, metrics, wechatApis: createWechatApiFactory({ apiBase: config.wechat.apiBase, kv, log }) });
  await app.close();
  await db.end();
  await kv.close();
}

seed().catch((err) => {
  console.error(err);
  process.exit(1);
});
