import path from 'node:path';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { createDb } from './infra/db.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './infra/embedded-postgres.js';
import { createMemoryStore } from './infra/kv/memory.js';
import type { KeyValueStore } from './infra/kv/port.js';
import { createRedisStore } from './infra/kv/redis.js';
import { createLogger, flushLogs } from './infra/logger.js';
import { createMetrics } from './infra/metrics.js';
import { migrate } from './infra/migrate.js';
import { createWechatApiFactory } from './infra/wechat/client.js';
import { projectRoot } from './lib/paths.js';

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** Process entry: config → embedded services if asked → migrate → app → listen; graceful shutdown. */
async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.logLevel, { buffered: true });
  if (config.devDefaults.length > 0) {
    log.warn(
      { defaults: Object.fromEntries(config.devDefaults.map((name) => [name, devValue(config, name)])) },
      'development defaults in use; set these variables before connecting a real account',
    );
  }

  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(path.resolve(projectRoot(), config.dataDir, 'pg'), log);
    databaseUrl = embedded.connectionString;
  }
  await migrate(databaseUrl, log);
  const db = createDb({ connectionString: databaseUrl, max: embedded?.maxConnections });

  let kv: KeyValueStore;
  if (config.redisUrl || config.redisSentinels || config.redisClusterNodes) {
    kv = await createRedisStore({
      url: config.redisUrl,
      sentinels: config.redisSentinels,
      sentinelName: config.redisSentinelName,
      clusterNodes: config.redisClusterNodes,
      log,
    });
  } else {
    log.warn('REDIS_URL is not set: using an in-process store. This is single-instance only; run one process, or set REDIS_URL.');
    kv = createMemoryStore();
  }

  const metrics = createMetrics();
  const wechatApis = createWechatApiFactory({ apiBase: config.wechat.apiBase, kv, log, metrics });
  const app = await buildApp({ config, db, kv, log, metrics, wechatApis });

  await app.listen({ port: config.port, host: config.host });
  log.info({ webhook: `${config.publicBaseUrl}/wechat`, admin: `${config.publicBaseUrl}/admin/api` }, 'Weizheng is serving');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests in flight');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      void flushLogs(log).finally(() => process.exit(1));
    }, 15_000);
    try {
      // server.close() reaps keep-alive connections idle at that moment only; one serving an
      // in-flight request becomes idle later and would hold the process until its keep-alive timeout.
      const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
      await app.close();
      clearInterval(reaper);
      log.info('requests drained and features stopped');
      await db.end();
      await kv.close();
      await embedded?.stop();
      clearTimeout(force);
      log.info('stopped');
      await flushLogs(log);
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error during shutdown');
      await flushLogs(log);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function devValue(config: AppConfig, name: string): string {
  const values: Record<string, string> = {
    WECHAT_TOKEN: config.wechat.token,
    WECHAT_APPID: config.wechat.appId,
    WECHAT_APPSECRET: config.wechat.appSecret,
    ADMIN_TOKEN: config.adminToken,
    ADMIN_USERNAME: config.adminUsername,
    ADMIN_PASSWORD: config.adminPassword,
    DATA_ENCRYPTION_KEY: config.dataEncryptionKey.toString('base64'),
  };
  return values[name] ?? '';
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
