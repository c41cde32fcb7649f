import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { createDb, type Db } from '../../../src/infra/db.js';
import type { KeyValueStore } from '../../../src/infra/kv/port.js';
import { createRedisStore } from '../../../src/infra/kv/redis.js';
import { createLogger } from '../../../src/infra/logger.js';
import { createMetrics } from '../../../src/infra/metrics.js';
import { migrate } from '../../../src/infra/migrate.js';
import { createWechatApiFactory } from '../../../src/infra/wechat/client.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../../global-setup.js';
import { TEST_ADMIN_TOKEN, TEST_AES_KEY, TEST_APPID, TEST_WECHAT_TOKEN } from '../../helpers/app.js';
import { FakeWechat } from '../../helpers/fake-wechat.js';

export interface FaultApp {
  app: FastifyInstance;
  db: Db;
  kv: KeyValueStore;
  fake: FakeWechat;
  databaseUrl: string;
  schema: string;
  close(): Promise<void>;
}

export interface FaultAppOptions {
  /** Defaults to the shared test Redis; fault tests pass their own server. */
  redisUrl?: string;
  /** Defaults to the shared test database; fault tests may pass an embedded cluster. */
  databaseUrl?: string;
  /** Share the schema (and so the data) of another fault app: a second instance. */
  shareWith?: FaultApp;
  /** Redis key prefix; instances that share data must share it. */
  prefix?: string;
  env?: Record<string, string>;
  /** Outbound client tuning, so timeout tests stay short. */
  wechatTimeoutMs?: number;
  wechatBackoffMs?: number;
  /** Postgres statement_timeout; the product default is 3000 ms. */
  statementTimeoutMs?: number;
  /** A logger to inspect (defaults to a silent one). */
  log?: Logger;
}

/**
 * Like test/helpers/app.ts createTestApp, but with the Redis URL and database URL as
 * arguments (createTestApp always uses the shared ones), so a test can stall, kill or
 * restart the services under one app without touching other test files.
 */
export async function createFaultApp(options: FaultAppOptions = {}): Promise<FaultApp> {
  const log = options.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const databaseUrl = options.shareWith?.databaseUrl ?? options.databaseUrl ?? TEST_DATABASE_URL;
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const schema = options.shareWith?.schema ?? `t_${randomBytes(5).toString('hex')}`;
  const prefix = options.prefix ?? `test:${schema}:`;
  if (!options.shareWith) await migrate(databaseUrl, log, schema);
  const fake = options.shareWith?.fake ?? (await new FakeWechat().start());
  const config = loadConfig({
    NODE_ENV: 'test',
    WECHAT_TOKEN: TEST_WECHAT_TOKEN,
    WECHAT_APPID: TEST_APPID,
    WECHAT_APPSECRET: 'test-app-secret',
    WECHAT_ENCODING_AES_KEY: TEST_AES_KEY,
    WECHAT_API_BASE: fake.baseUrl,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ...options.env,
  });
  const db = createDb({ connectionString: databaseUrl, schema, max: 10, statementTimeoutMs: options.statementTimeoutMs });
  const kv = await createRedisStore({ url: redisUrl, prefix, log });
  const metrics = createMetrics(false);
  const wechatApis = createWechatApiFactory({
    apiBase: fake.baseUrl,
    kv,
    log,
    metrics,
    backoffMs: options.wechatBackoffMs ?? 20,
    timeoutMs: options.wechatTimeoutMs,
  });
  const app = await buildApp({ config, db, kv, log, metrics, wechatApis });
  await app.ready();
  const ownsFake = !options.shareWith;
  return {
    app,
    db,
    kv,
    fake,
    databaseUrl,
    schema,
    async close() {
      await app.close();
      await db.end();
      await kv.close();
      if (ownsFake) await fake.stop();
    },
  };
}
