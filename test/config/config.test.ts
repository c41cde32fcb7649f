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
};

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
});
