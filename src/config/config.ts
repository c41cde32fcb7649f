/**
 * Typed configuration. This module is the only reader of process.env.
 * Every variable is described here; bad values stop the process with one message
 * that names every variable at fault.
 */
import { isValidEncodingAesKey } from '../wechat/crypto.js';
import { EnvReader, type Env, type HostPort } from './env.js';

export { ConfigError, type ConfigProblem, type HostPort } from './env.js';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL is started with data under `dataDir`. */
  databaseUrl?: string;
  /** Unset (and no Sentinel or Cluster below): an in-process store (single instance only). */
  redisUrl?: string;
  /** Redis Sentinel: `REDIS_SENTINELS=host:port,host:port` with the master's name in `REDIS_SENTINEL_NAME`. */
  redisSentinels?: HostPort[];
  redisSentinelName?: string;
  /** Redis Cluster: `REDIS_CLUSTER_NODES=host:port,host:port` (any reachable nodes; the rest are discovered). */
  redisClusterNodes?: HostPort[];
  dataDir: string;
  logLevel: string;
  /** Base URL of this server as citizens reach it, for links in replies (H5 pages). */
  publicBaseUrl: string;
  /** Internal reply budget; WeChat gives up at 5 s, so callers must see < 4.5 s. */
  replyBudgetMs: number;
  /**
   * Behind a reverse proxy: take the client address from X-Forwarded-For (TRUST_PROXY).
   * Sign-in throttling counts failures per address; without it every client is the proxy.
   */
  trustProxy: boolean;
  adminToken: string;
  /** The bootstrap super-admin's console sign-in (ADMIN_USERNAME / ADMIN_PASSWORD). */
  adminUsername: string;
  adminPassword: string;
  /** Console sessions expire after this many idle minutes. */
  sessionIdleMinutes: number;
  /** Inbound citizen messages are kept this many days, then deleted by a job. */
  messageRetentionDays: number;
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  metricsToken?: string;
  wechat: {
    token: string;
    appId: string;
    appSecret: string;
    encodingAesKey?: string;
    /**
     * Which bodies the default account accepts: `plaintext` (no AES key), `compat` (plaintext
     * and encrypted, for switching over) or `safe` (encrypted only). Default: safe with an AES key.
     */
    messageMode: MessageMode;
    /** A webhook request whose timestamp is further than this from now is refused (replay). */
    maxSkewSeconds: number;
    apiBase: string;
  };
  /** 32 bytes (base64) for AES-256-GCM encryption of personal data at rest. */
  dataEncryptionKey: Buffer;
  /** Where 应急 (emergency) tickets are announced, as a JSON POST. */
  alertWebhookUrl?: string;
  /** Load demo content on first start. Defaults to on for the embedded database only. */
  seedDemo: boolean;
  /** Variables that fell back to a development default (printed at start-up). */
  devDefaults: string[];
  /** Started by `npm start`: stop when npm goes away (it forwards SIGTERM and SIGINT, not SIGHUP or SIGKILL). */
  startedByNpm: boolean;
}

export const MESSAGE_MODES = ['plaintext', 'compat', 'safe'] as const;
export type MessageMode = (typeof MESSAGE_MODES)[number];


const DEV_SECRETS = {
  WECHAT_TOKEN: 'weizhengdevtoken',
  WECHAT_APPID: 'wx0000000000000dev',
  WECHAT_APPSECRET: 'weizheng-dev-secret',
  ADMIN_TOKEN: 'weizheng-dev-admin-token',
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'weizheng-dev-password',
  // Development only: 32 zero-free bytes, printed at start-up like the other defaults.
  DATA_ENCRYPTION_KEY: 'd2VpemhlbmctZGV2LWtleS0zMi1ieXRlcy1sb25nISE=',
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the whole configuration; throws one ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const devDefaults: string[] = [];
  const secret = (name: keyof typeof DEV_SECRETS): string => {
    const value = read.string(name);
    if (value !== undefined) return value;
    if (production) read.report(name, 'is required when NODE_ENV=production');
    else devDefaults.push(name);
    return DEV_SECRETS[name];
  };

  const token = secret('WECHAT_TOKEN');
  if (!/^[A-Za-z0-9]{3,32}$/.test(token)) read.report('WECHAT_TOKEN', 'must be 3-32 letters or digits (the MP console rule)');
  const encodingAesKey = read.string('WECHAT_ENCODING_AES_KEY');
  const aesKeyValid = encodingAesKey === undefined || isValidEncodingAesKey(encodingAesKey);
  if (!aesKeyValid) read.report('WECHAT_ENCODING_AES_KEY', 'must be exactly 43 letters or digits');
  const adminToken = secret('ADMIN_TOKEN');
  if (production && read.has('ADMIN_TOKEN') && adminToken.length < 16) read.report('ADMIN_TOKEN', 'must be at least 16 characters in production');
  const adminUsername = secret('ADMIN_USERNAME');
  const adminPassword = secret('ADMIN_PASSWORD');
  if (production && read.has('ADMIN_PASSWORD') && adminPassword.length < 12) read.report('ADMIN_PASSWORD', 'must be at least 12 characters in production');
  const messageMode = read.oneOf('WECHAT_MESSAGE_MODE', MESSAGE_MODES, encodingAesKey ? 'safe' : 'plaintext');
  if (messageMode !== 'plaintext' && !encodingAesKey) read.report('WECHAT_MESSAGE_MODE', `"${messageMode}" needs WECHAT_ENCODING_AES_KEY`);
  const dataEncryptionKey = Buffer.from(secret('DATA_ENCRYPTION_KEY'), 'base64');
  if (dataEncryptionKey.length !== 32) {
    read.report('DATA_ENCRYPTION_KEY', `must be 32 bytes in base64 (got ${dataEncryptionKey.length} bytes); generate one with: openssl rand -base64 32`);
  }
  const logLevel = read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');
  const port = read.int('PORT', 3000, 0, 65535);
  const databaseUrl = read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = read.url('REDIS_URL', ['redis:', 'rediss:']);
  const topology = redisTopology(read);
  if (production) requireServices(read, topology);
  const config: AppConfig = {
    env: nodeEnv,
    port,
    // The development admin token is published in the README: outside production, listen on loopback only.
    host: read.string('HOST') ?? (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl,
    redisUrl,
    redisSentinels: topology.redisSentinels,
    redisSentinelName: topology.redisSentinelName,
    redisClusterNodes: topology.redisClusterNodes,
    dataDir: read.string('DATA_DIR') ?? '.data',
    logLevel,
    publicBaseUrl: read.url('PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://127.0.0.1:${port}`,
    replyBudgetMs: read.int('REPLY_BUDGET_MS', 4000, 100, 4500),
    adminToken,
    adminUsername,
    adminPassword,
    sessionIdleMinutes: read.int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    messageRetentionDays: read.int('MESSAGE_RETENTION_DAYS', 30, 1, 3650),
    metricsToken: read.string('METRICS_TOKEN'),
    wechat: {
      token,
      appId: secret('WECHAT_APPID'),
      appSecret: secret('WECHAT_APPSECRET'),
      encodingAesKey: aesKeyValid ? encodingAesKey : undefined,
      messageMode,
      maxSkewSeconds: read.int('WECHAT_MAX_SKEW_SECONDS', 300, 1, 86_400),
      apiBase: read.url('WECHAT_API_BASE', ['http:', 'https:']) ?? 'https://api.weixin.qq.com',
    },
    dataEncryptionKey,
    alertWebhookUrl: read.url('ALERT_WEBHOOK_URL', ['http:', 'https:']),
    seedDemo: read.bool('SEED_DEMO', databaseUrl === undefined),
    trustProxy: read.bool('TRUST_PROXY', false),
    devDefaults,
    startedByNpm: read.has('npm_lifecycle_event'),
  };
  read.check();
  return config;
}

type RedisTopology = Pick<AppConfig, 'redisSentinels' | 'redisSentinelName' | 'redisClusterNodes'>;

function redisTopology(read: EnvReader): RedisTopology {
  const redisSentinels = read.hostPorts('REDIS_SENTINELS');
  const redisSentinelName = read.string('REDIS_SENTINEL_NAME');
  const redisClusterNodes = read.hostPorts('REDIS_CLUSTER_NODES');
  if (read.has('REDIS_SENTINELS') && !redisSentinelName) read.report('REDIS_SENTINEL_NAME', 'is required with REDIS_SENTINELS (the name of the monitored master)');
  const chosen = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'].filter((name) => read.has(name));
  if (chosen.length > 1) read.report(chosen[1]!, `cannot be combined with ${chosen[0]}: set only one way to reach Redis`);
  return { redisSentinels, redisSentinelName, redisClusterNodes };
}

/** The embedded database and the in-process store are for development only. */
function requireServices(read: EnvReader, topology: RedisTopology): void {
  if (!read.has('DATABASE_URL')) {
    read.report('DATABASE_URL', 'is required when NODE_ENV=production (the embedded PostgreSQL is for development only)');
  }
  if (!read.has('REDIS_URL') && !topology.redisSentinels && !topology.redisClusterNodes && !read.has('REDIS_SENTINELS') && !read.has('REDIS_CLUSTER_NODES')) {
    read.report('REDIS_URL', 'is required when NODE_ENV=production, or REDIS_SENTINELS or REDIS_CLUSTER_NODES (the in-process store is for one development process only)');
  }
}
