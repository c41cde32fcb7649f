/**
 * Typed configuration. This module is the only reader of process.env.
 * Every variable is described here; a bad value stops the process with a message
 * that names the variable.
 */
import { isValidEncodingAesKey } from '../wechat/crypto.js';

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
}

export interface HostPort {
  host: string;
  port: number;
}

export const MESSAGE_MODES = ['plaintext', 'compat', 'safe'] as const;
export type MessageMode = (typeof MESSAGE_MODES)[number];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

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

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${url.protocol}`);
  }
  return raw.replace(/\/+$/, '');
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function readHostPorts(env: Env, name: string): HostPort[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((part) => {
    const match = /^\s*([A-Za-z0-9.\-_]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\s*$/.exec(part);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) throw new ConfigError(name, `must be a comma-separated list of host:port, got "${part.trim()}"`);
    return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
  });
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${nodeEnv}"`);
  }
  const production = nodeEnv === 'production';
  const devDefaults: string[] = [];
  const secret = (name: keyof typeof DEV_SECRETS): string => {
    const value = env[name];
    if (value) return value;
    if (production) throw new ConfigError(name, 'is required when NODE_ENV=production');
    devDefaults.push(name);
    return DEV_SECRETS[name];
  };

  const token = secret('WECHAT_TOKEN');
  if (!/^[A-Za-z0-9]{3,32}$/.test(token)) {
    throw new ConfigError('WECHAT_TOKEN', 'must be 3-32 letters or digits (the MP console rule)');
  }
  const encodingAesKey = env.WECHAT_ENCODING_AES_KEY || undefined;
  if (encodingAesKey !== undefined && !isValidEncodingAesKey(encodingAesKey)) {
    throw new ConfigError('WECHAT_ENCODING_AES_KEY', 'must be exactly 43 letters or digits');
  }
  const adminToken = secret('ADMIN_TOKEN');
  if (production && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN', 'must be at least 16 characters in production');
  }
  const adminUsername = secret('ADMIN_USERNAME');
  const adminPassword = secret('ADMIN_PASSWORD');
  if (production && adminPassword.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters in production');
  }
  const messageModeRaw = env.WECHAT_MESSAGE_MODE || (encodingAesKey ? 'safe' : 'plaintext');
  if (!(MESSAGE_MODES as readonly string[]).includes(messageModeRaw)) {
    throw new ConfigError('WECHAT_MESSAGE_MODE', `must be one of ${MESSAGE_MODES.join(', ')}, got "${messageModeRaw}"`);
  }
  const messageMode = messageModeRaw as MessageMode;
  if (messageMode !== 'plaintext' && !encodingAesKey) {
    throw new ConfigError('WECHAT_MESSAGE_MODE', `"${messageMode}" needs WECHAT_ENCODING_AES_KEY`);
  }
  const dataEncryptionKey = Buffer.from(secret('DATA_ENCRYPTION_KEY'), 'base64');
  if (dataEncryptionKey.length !== 32) {
    throw new ConfigError('DATA_ENCRYPTION_KEY', `must be 32 bytes in base64 (got ${dataEncryptionKey.length} bytes); generate one with: openssl rand -base64 32`);
  }
  const logLevel = env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }
  const port = readInt(env, 'PORT', 3000, 0, 65535);
  const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  return {
    env: nodeEnv,
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    redisUrl: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    ...redisTopology(env),
    dataDir: env.DATA_DIR || '.data',
    logLevel,
    publicBaseUrl: readUrl(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://127.0.0.1:${port}`,
    replyBudgetMs: readInt(env, 'REPLY_BUDGET_MS', 4000, 100, 4500),
    adminToken,
    adminUsername,
    adminPassword,
    sessionIdleMinutes: readInt(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    messageRetentionDays: readInt(env, 'MESSAGE_RETENTION_DAYS', 30, 1, 3650),
    metricsToken: env.METRICS_TOKEN || undefined,
    wechat: {
      token,
      appId: secret('WECHAT_APPID'),
      appSecret: secret('WECHAT_APPSECRET'),
      encodingAesKey,
      messageMode,
      maxSkewSeconds: readInt(env, 'WECHAT_MAX_SKEW_SECONDS', 300, 1, 86_400),
      apiBase: readUrl(env, 'WECHAT_API_BASE', ['http:', 'https:']) ?? 'https://api.weixin.qq.com',
    },
    dataEncryptionKey,
    alertWebhookUrl: readUrl(env, 'ALERT_WEBHOOK_URL', ['http:', 'https:']),
    seedDemo: readBool(env, 'SEED_DEMO', databaseUrl === undefined),
    trustProxy: readBool(env, 'TRUST_PROXY', false),
    devDefaults,
  };
}

function redisTopology(env: Env): Pick<AppConfig, 'redisSentinels' | 'redisSentinelName' | 'redisClusterNodes'> {
  const redisSentinels = readHostPorts(env, 'REDIS_SENTINELS');
  const redisSentinelName = env.REDIS_SENTINEL_NAME || undefined;
  const redisClusterNodes = readHostPorts(env, 'REDIS_CLUSTER_NODES');
  if (redisSentinels && !redisSentinelName) throw new ConfigError('REDIS_SENTINEL_NAME', 'is required with REDIS_SENTINELS (the name of the monitored master)');
  const chosen = [env.REDIS_URL ? 'REDIS_URL' : '', redisSentinels ? 'REDIS_SENTINELS' : '', redisClusterNodes ? 'REDIS_CLUSTER_NODES' : ''].filter(Boolean);
  if (chosen.length > 1) throw new ConfigError(chosen[1]!, `cannot be combined with ${chosen[0]}: set only one way to reach Redis`);
  return { redisSentinels, redisSentinelName, redisClusterNodes };
}
