import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { lockDataDir } from './infra/data-lock.js';
import { createDb } from './infra/db.js';
import { embeddedPostgresBinaries, startEmbeddedPostgres } from './infra/embedded-postgres.js';
import { createMemoryStore } from './infra/kv/memory.js';
import type { KeyValueStore } from './infra/kv/port.js';
import { createRedisStore } from './infra/kv/redis.js';
import { createLogger, flushLogs } from './infra/logger.js';
import { createMetrics } from './infra/metrics.js';
import { migrate } from './infra/migrate.js';
import { checkDatabase, checkRedis } from './infra/preflight.js';
import { StartupError } from './infra/startup-error.js';
import { onStopRequest } from './infra/stop-signals.js';
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

/** Process entry: config → services reached (or the embedded PostgreSQL started) → migrate → app → listen; graceful shutdown. */
async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.logLevel, { buffered: true });
  if (config.devDefaults.length > 0) {
    log.warn(
      { defaults: Object.fromEntries(config.devDefaults.map((name) => [name, devValue(config, name)])) },
      'development defaults in use; set these variables before connecting a real account',
    );
  }

  // What has been started, stopped in reverse order on shutdown or on a failed start.
  const started: Started = [];
  const stopAll = async () => {
    for (const { name, stop } of started.reverse()) {
      try {
        await stop();
      } catch (err) {
        log.error({ err, name }, 'error during shutdown');
      }
    }
  };
  let app: FastifyInstance | undefined;
  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, app ? 'shutting down: draining requests in flight' : 'shutting down during start-up');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      void flushLogs(log).finally(() => process.exit(1));
    }, 15_000);
    await stopAll();
    clearTimeout(force);
    log.info('stopped');
    await flushLogs(log);
    process.exit(code);
  };
  // From the very start, so a stop during start-up still stops the embedded PostgreSQL.
  onStopRequest((reason) => void shutdown(reason, 0), { watchParent: config.startedByNpm });

  try {
    app = await start(config, log, started);
    if (stopping) return;
    await listen(app, config);
  } catch (err) {
    if (stopping) return; // stopped by a signal while starting: what failed was stopped underneath it
    console.error(err instanceof StartupError ? err.message : err);
    await shutdown('start-up failed', 1);
    return;
  }
  log.info({ webhook: `${config.publicBaseUrl}/wechat`, admin: `${config.publicBaseUrl}/admin/api` }, 'Weizheng is serving');
}

async function listen(app: FastifyInstance, config: AppConfig): Promise<void> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError(`Cannot start: PORT=${config.port} on ${config.host} is already in use; stop what holds it, or set PORT to another port`);
    if (code === 'EADDRNOTAVAIL') throw new StartupError(`Cannot start: HOST=${config.host} is not an address of this machine; check HOST`);
    throw err;
  }
}

/** Both services are checked before anything is written, and every failure is named at once. */
async function checkServices(config: AppConfig): Promise<void> {
  const checks = [config.databaseUrl && checkDatabase(config.databaseUrl), config.redisUrl && checkRedis(config.redisUrl)].filter(
    (check): check is Promise<void> => Boolean(check),
  );
  const failures = (await Promise.allSettled(checks)).flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new StartupError(failures.map((err) => err.message).join('\n'));
}

/** Sentinel and Cluster are reached through ioredis's own discovery: name the variable and what it said. */
function redisTopologyError(config: AppConfig, err: Error): Error {
  const list = (nodes: Array<{ host: string; port: number }>) => nodes.map((n) => `${n.host}:${n.port}`).join(',');
  if (config.redisSentinels) {
    return new StartupError(
      `Cannot start: REDIS_SENTINELS=${list(config.redisSentinels)} (master "${config.redisSentinelName}"): ${err.message}; check that the sentinels answer and monitor a master of that name`,
      { cause: err },
    );
  }
  if (config.redisClusterNodes) {
    return new StartupError(`Cannot start: REDIS_CLUSTER_NODES=${list(config.redisClusterNodes)}: ${err.message}; check that the nodes answer and the cluster is up`, { cause: err });
  }
  return err;
}

type Started = Array<{ name: string; stop: () => Promise<void> | void }>;

async function start(config: AppConfig, log: Logger, started: Started): Promise<FastifyInstance> {
  // The app's modules take about a second to load: the checks and the embedded PostgreSQL run meanwhile.
  const appModule = import('./app.js');
  appModule.catch(() => undefined); // awaited below; a failed start must not also report it as unhandled
  let databaseUrl = config.databaseUrl;
  let maxConnections: number | undefined;
  await checkServices(config);
  if (!databaseUrl) {
    await embeddedPostgresBinaries(); // installed? (production images leave it out)
    const dataDir = path.resolve(projectRoot(), config.dataDir);
    const lock = lockDataDir(dataDir);
    started.push({ name: 'data folder lock', stop: () => lock.release() });
    const embedded = await startEmbeddedPostgres(path.join(dataDir, 'pg'), log);
    started.push({ name: 'embedded PostgreSQL', stop: () => embedded.stop() });
    databaseUrl = embedded.connectionString;
    maxConnections = embedded.maxConnections;
  }
  let kv: KeyValueStore;
  if (config.redisUrl || config.redisSentinels || config.redisClusterNodes) {
    kv = await createRedisStore({
      url: config.redisUrl,
      sentinels: config.redisSentinels,
      sentinelName: config.redisSentinelName,
      clusterNodes: config.redisClusterNodes,
      log,
    }).catch((err: Error) => {
      throw redisTopologyError(config, err);
    });
  } else {
    log.warn('REDIS_URL is not set: using an in-process store. This is single-instance only; run one process, or set REDIS_URL.');
    kv = createMemoryStore();
  }
  started.push({ name: 'key-value store', stop: () => kv.close() });
  // Migrations last: a service that cannot be reached stops the start before the database is written.
  await migrate(databaseUrl, log);
  const db = createDb({ connectionString: databaseUrl, max: maxConnections });
  started.push({ name: 'database pool', stop: () => db.end() });

  const metrics = createMetrics();
  const wechatApis = createWechatApiFactory({ apiBase: config.wechat.apiBase, kv, log, metrics });
  const { buildApp } = await appModule;
  const app = await buildApp({ config, db, kv, log, metrics, wechatApis });
  started.push({
    name: 'HTTP server and features',
    stop: async () => {
      // server.close() reaps keep-alive connections idle at that moment only; one serving an
      // in-flight request becomes idle later and would hold the process until its keep-alive timeout.
      const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
      await app.close();
      clearInterval(reaper);
      log.info('requests drained and features stopped');
    },
  });
  return app;
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
