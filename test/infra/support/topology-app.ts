import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { createDb, type Db } from '../../../src/infra/db.js';
import type { KeyValueStore } from '../../../src/infra/kv/port.js';
import { createRedisStore, type RedisStoreOptions } from '../../../src/infra/kv/redis.js';
import { createLogger } from '../../../src/infra/logger.js';
import { createMetrics, type Metrics } from '../../../src/infra/metrics.js';
import { migrate } from '../../../src/infra/migrate.js';
import { createWechatApiFactory } from '../../../src/infra/wechat/client.js';
import { TEST_DATABASE_URL } from '../../global-setup.js';
import { TEST_ADMIN_TOKEN, TEST_AES_KEY, TEST_APPID, TEST_WECHAT_TOKEN } from '../../helpers/app.js';
import { dropAfterFile } from '../../helpers/cleanup.js';
import type { FakeWechat } from '../../helpers/fake-wechat.js';

export type Topology = Omit<RedisStoreOptions, 'log' | 'prefix'>;

export interface TopologyApp {
  app: FastifyInstance;
  db: Db;
  kv: KeyValueStore;
  metrics: Metrics;
  close(): Promise<void>;
}

/** A fresh schema for a group of instances of one deployment. */
export async function newSchema(): Promise<string> {
  const schema = dropAfterFile(`t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`);
  await migrate(TEST_DATABASE_URL, createLogger('silent'), schema);
  return schema;
}

/**
 * One instance of the product on a Redis topology of the test's own (a cluster, a
 * sentinel-watched master) and the test database: the instances of one test share the
 * schema and the key prefix, as instances behind one load balancer do.
 */
export async function startInstance(topology: Topology, schema: string, fake: FakeWechat): Promise<TopologyApp> {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const config = loadConfig({
    NODE_ENV: 'test',
    WECHAT_TOKEN: TEST_WECHAT_TOKEN,
    WECHAT_APPID: TEST_APPID,
    WECHAT_APPSECRET: 'test-app-secret',
    WECHAT_ENCODING_AES_KEY: TEST_AES_KEY,
    WECHAT_MESSAGE_MODE: 'compat',
    WECHAT_API_BASE: fake.baseUrl,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: 'redis://unused.invalid:6379',
  });
  const db = createDb({ connectionString: TEST_DATABASE_URL, schema, max: 10 });
  const kv = await createRedisStore({ ...topology, prefix: `test:${schema.slice(2)}:`, log });
  const metrics = createMetrics(false);
  const wechatApis = createWechatApiFactory({ apiBase: fake.baseUrl, kv, log, metrics, backoffMs: 20 });
  const app = await buildApp({ config, db, kv, log, metrics, wechatApis });
  await app.ready();
  return {
    app,
    db,
    kv,
    metrics,
    async close() {
      await app.close();
      await db.end();
      await kv.close();
    },
  };
}

/** Handler runs counted by this instance (one per message that was not a duplicate). */
export async function handlerRuns(instance: TopologyApp): Promise<number> {
  return (await instance.metrics.messages.get()).values.reduce((sum, v) => sum + v.value, 0);
}

export async function dedupHits(instance: TopologyApp): Promise<number> {
  return (await instance.metrics.dedupHits.get()).values.reduce((sum, v) => sum + v.value, 0);
}
