import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const production = {
  NODE_ENV: 'production',
  WECHAT_TOKEN: 'prodtoken',
  WECHAT_APPID: 'wxprod00000000001',
  WECHAT_APPSECRET: 'prod-secret',
  ADMIN_TOKEN: 'a-long-production-admin-token',
  ADMIN_USERNAME: 'cityadmin',
  ADMIN_PASSWORD: 'a-long-production-password',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATABASE_URL: 'postgres://weizheng@db.internal:5432/weizheng',
  REDIS_URL: 'redis://redis.internal:6379/0',
};

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration is validated at start-up', () => {
  it('when nothing is set outside production then dev defaults are used and listed', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.seedDemo).toBe(true);
    expect(config.wechat.apiBase).toBe('https://api.weixin.qq.com');
    expect(config.devDefaults).toEqual(expect.arrayContaining(['WECHAT_TOKEN', 'WECHAT_APPID', 'WECHAT_APPSECRET', 'ADMIN_TOKEN', 'DATA_ENCRYPTION_KEY']));
  });

  it('when an AES key is set then the message mode defaults to safe, else to plaintext', () => {
    const aesKey = 'a'.repeat(43);
    expect(loadConfig({}).wechat.messageMode).toBe('plaintext');
    expect(loadConfig({ WECHAT_ENCODING_AES_KEY: aesKey }).wechat.messageMode).toBe('safe');
    expect(loadConfig({ WECHAT_ENCODING_AES_KEY: aesKey, WECHAT_MESSAGE_MODE: 'compat' }).wechat.messageMode).toBe('compat');
    expect(loadConfig({}).wechat.maxSkewSeconds).toBe(300);
  });

  it('when DATABASE_URL is given then demo content is not loaded unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('when a production secret is missing then start-up fails naming the variable', () => {
    for (const name of Object.keys(production).filter((k) => k !== 'NODE_ENV')) {
      const env: Record<string, string> = { ...production };
      delete env[name];
      expect(() => loadConfig(env), name).toThrow(new RegExp(name));
    }
    expect(loadConfig(production).devDefaults).toEqual([]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ WECHAT_ENCODING_AES_KEY: 'too-short' }, 'WECHAT_ENCODING_AES_KEY'],
    [{ WECHAT_TOKEN: 'has spaces in it' }, 'WECHAT_TOKEN'],
    [{ WECHAT_API_BASE: 'ftp://x' }, 'WECHAT_API_BASE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATA_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }, 'DATA_ENCRYPTION_KEY'],
    [{ REPLY_BUDGET_MS: '9000' }, 'REPLY_BUDGET_MS'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ WECHAT_MESSAGE_MODE: 'open' }, 'WECHAT_MESSAGE_MODE'],
    [{ WECHAT_MESSAGE_MODE: 'safe' }, 'WECHAT_MESSAGE_MODE'],
    [{ WECHAT_MAX_SKEW_SECONDS: '0' }, 'WECHAT_MAX_SKEW_SECONDS'],
    [{ SESSION_IDLE_MINUTES: 'soon' }, 'SESSION_IDLE_MINUTES'],
    [{ MESSAGE_RETENTION_DAYS: '0' }, 'MESSAGE_RETENTION_DAYS'],
  ])('when a value is invalid (%o) then the error names %s', (env, name) => {
    let error: unknown;
    try {
      loadConfig(env as Record<string, string>);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
  });

  it('when production runs without DATABASE_URL or any Redis then both are named in one error', () => {
    const env: Record<string, string> = { ...production };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const error = problemsOf(env);
    expect(error.problems.map((p) => p.variable)).toEqual(['DATABASE_URL', 'REDIS_URL']);
    expect(error.message).toMatch(/DATABASE_URL is required when NODE_ENV=production/);
    expect(error.message).toMatch(/REDIS_URL is required when NODE_ENV=production/);
  });

  it('when production reaches Redis through Sentinel or Cluster instead of REDIS_URL then it starts', () => {
    const { REDIS_URL: _unused, ...withoutUrl } = production;
    expect(loadConfig({ ...withoutUrl, REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'mymaster' }).redisSentinels).toHaveLength(2);
    expect(loadConfig({ ...withoutUrl, REDIS_CLUSTER_NODES: 'r1:7000' }).redisClusterNodes).toEqual([{ host: 'r1', port: 7000 }]);
  });

  it('when production is started with nothing set then every missing variable is reported at once', () => {
    const error = problemsOf({ NODE_ENV: 'production' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(
      ['ADMIN_PASSWORD', 'ADMIN_TOKEN', 'ADMIN_USERNAME', 'DATABASE_URL', 'DATA_ENCRYPTION_KEY', 'REDIS_URL', 'WECHAT_APPID', 'WECHAT_APPSECRET', 'WECHAT_TOKEN'].sort(),
    );
    for (const { variable } of error.problems) expect(error.message).toContain(`  ${variable} `);
  });

  it('when several values are invalid then each is named in the one error', () => {
    const error = problemsOf({ ...production, PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'mysql://x', ADMIN_PASSWORD: 'short' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['ADMIN_PASSWORD', 'LOG_LEVEL', 'PORT', 'REDIS_URL']);
  });

  it('when NODE_ENV or LOG_LEVEL is empty then it counts as unset', () => {
    expect(loadConfig({ NODE_ENV: '' }).env).toBe('development');
    expect(loadConfig({ LOG_LEVEL: '' }).logLevel).toBe('info');
    expect(problemsOf({ ...production, NODE_ENV: '', DATABASE_URL: 'x' }).variable).toBe('DATABASE_URL');
  });

  it('when HOST is unset then development listens on loopback and production on every address', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(loadConfig(production).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...production, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });
});
