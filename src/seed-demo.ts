/**
 * `npm run seed:demo`, or `node dist/src/seed-demo.js` in the production image: loads the
 * fictional demo content into the database named by DATABASE_URL, running the migrations
 * first. A database given by DATABASE_URL is never filled with demo content otherwise.
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { createDb } from './infra/db.js';
import { createMemoryStore } from './infra/kv/memory.js';
import { createLogger } from './infra/logger.js';
import { createMetrics } from './infra/metrics.js';
import { migrate } from './infra/migrate.js';
import { checkDatabase } from './infra/preflight.js';
import { StartupError } from './infra/startup-error.js';
import { createWechatApiFactory } from './infra/wechat/client.js';

async function seed(): Promise<void> {
  const config = { ...loadConfig(), seedDemo: true };
  const log = createLogger(config.logLevel);
  if (!config.databaseUrl) {
    throw new StartupError('DATABASE_URL is required: seed:demo loads demo content into the database it names.');
  }
  await checkDatabase(config.databaseUrl);
  await migrate(config.databaseUrl, log);
  const db = createDb({ connectionString: config.databaseUrl });
  // Writes the database only: servers already running load the demo content when restarted.
  const kv = createMemoryStore();
  const metrics = createMetrics(false);
  const app = await buildApp({ config, db, kv, log, metrics, wechatApis: createWechatApiFactory({ apiBase: config.wechat.apiBase, kv, log }) });
  await app.close();
  await db.end();
  await kv.close();
  console.log('demo content loaded');
}

seed().catch((err) => {
  console.error(err instanceof ConfigError || err instanceof StartupError ? err.message : err);
  process.exit(1);
});
