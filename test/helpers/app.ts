import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { createDb, type Db } from '../../src/infra/db.js';
import type { KeyValueStore } from '../../src/infra/kv/port.js';
import { createRedisStore } from '../../src/infra/kv/redis.js';
import { createLogger } from '../../src/infra/logger.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { migrate } from '../../src/infra/migrate.js';
import { createWechatApiFactory } from '../../src/infra/wechat/client.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../global-setup.js';
import { deleteKeysAfterFile, dropAfterFile } from './cleanup.js';
import { FakeWechat } from './fake-wechat.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TEST_WECHAT_TOKEN = 'testtoken';
export const TEST_APPID = 'wx1234567890abcdef';
/** 43 characters, as the MP console generates. */
export const TEST_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  kv: KeyValueStore;
  fake: FakeWechat;
  config: AppConfig;
  databaseUrl: string;
  /** Schema and key prefix: pass to a second app to share its data (two instances). */
  isolation: { schema: string; prefix: string };
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Share the data of an existing test app (a second instance). */
  shareWith?: TestApp;
  fake?: FakeWechat;
  /** Use an isolation that already holds data (e.g. after a restart). */
  isolation?: { schema: string; prefix: string };
  /** A logger of the test's own, e.g. to assert on what was logged. */
  log?: Logger;
  /** Services of the test's own (fault tests stop, stall or kill them); default: the shared ones. */
  databaseUrl?: string;
  redisUrl?: string;
  /** Postgres statement_timeout; the product default is 3000 ms. */
  statementTimeoutMs?: number;
  /** Outbound client tuning, so timeout tests stay short. */
  wechatTimeoutMs?: number;
  wechatBackoffMs?: number;
}

/** A real app on real Postgres (own schema) and real Redis (own key prefix), with a fake WeChat API. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const log = options.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const isolation = options.isolation ?? options.shareWith?.isolation ?? (() => {
    // The creation time in the name lets a later run drop only schemas left over from old runs.
    const id = `${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
    return { schema: dropAfterFile(`t_${id}`), prefix: deleteKeysAfterFile(`test:${id}:`) };
  })();
  const databaseUrl = options.databaseUrl ?? options.shareWith?.databaseUrl ?? TEST_DATABASE_URL;
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  if (!options.shareWith && !options.isolation) await migrate(databaseUrl, log, isolation.schema);
  const ownsFake = !options.fake && !options.shareWith;
  const fake = options.fake ?? options.shareWith?.fake ?? (await new FakeWechat().start());
  const config = loadConfig({
    NODE_ENV: 'test',
    WECHAT_TOKEN: TEST_WECHAT_TOKEN,
    WECHAT_APPID: TEST_APPID,
    WECHAT_APPSECRET: 'test-app-secret',
    WECHAT_ENCODING_AES_KEY: TEST_AES_KEY,
    // Tests exercise plaintext and encrypted bodies against one account; safe mode has its own tests.
    WECHAT_MESSAGE_MODE: 'compat',
    WECHAT_API_BASE: fake.baseUrl,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ...options.env,
  });
  const db = createDb({ connectionString: databaseUrl, schema: isolation.schema, max: 20, statementTimeoutMs: options.statementTimeoutMs });
  const kv = await createRedisStore({ url: redisUrl, prefix: isolation.prefix, log });
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
  return {
    app,
    db,
    kv,
    fake,
    config,
    databaseUrl,
    isolation,
    async close() {
      await app.close();
      await db.end();
      await kv.close();
      if (ownsFake) await fake.stop();
    },
  };
}

export const adminHeaders = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
