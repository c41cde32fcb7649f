import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { KeyValueStore } from './port.js';

const DELETE_IF_EQUALS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const SET_NX_AND_GET = `local set = redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') return {set and 1 or 0, redis.call('GET', KEYS[2])}`;
const INCR_WITH_TTL = `local v = redis.call('INCR', KEYS[1]) if v == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return v`;

/** The Lua commands defined on the client (ioredis adds them at runtime). */
interface Scripts {
  setNxAndGet(key: string, readKey: string, value: string, ttlMs: string): Promise<[number, string | null]>;
}

export interface RedisStoreOptions {
  url: string;
  /** Prefix for every key and channel; lets tests and accounts share one server. */
  prefix?: string;
  /** A stalled Redis must not stall a webhook past WeChat's deadline. */
  commandTimeoutMs?: number;
  log: Logger;
}

export async function createRedisStore(options: RedisStoreOptions): Promise<KeyValueStore> {
  const prefix = options.prefix ?? 'wz:';
  const base: RedisOptions = {
    lazyConnect: true,
    // Fail fast while disconnected instead of queueing: callers degrade, WeChat still gets an answer.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 800,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    // Commands issued in the same tick by concurrent webhook requests share one round trip.
    enableAutoPipelining: true,
  };
  const client = new Redis(options.url, base);
  client.defineCommand('setNxAndGet', { numberOfKeys: 2, lua: SET_NX_AND_GET });
  const scripts = client as unknown as Scripts;
  const subscriber = new Redis(options.url, { ...base, commandTimeout: undefined, enableAutoPipelining: false });
  let lastError = '';
  for (const conn of [client, subscriber]) {
    conn.on('error', (err: Error) => {
      if (err.message !== lastError) options.log.warn({ err: err.message }, 'redis connection error');
      lastError = err.message;
    });
    conn.on('ready', () => {
      if (lastError) options.log.info('redis connection restored');
      lastError = '';
    });
  }
  await Promise.all([client.connect(), subscriber.connect()]);

  const handlers = new Map<string, Set<(message: string) => void>>();
  subscriber.on('message', (channel: string, message: string) => {
    for (const handler of handlers.get(channel) ?? []) handler(message);
  });

  return {
    kind: 'redis',
    async get(key) {
      return client.get(prefix + key);
    },
    async set(key, value, ttlMs) {
      if (ttlMs) await client.set(prefix + key, value, 'PX', ttlMs);
      else await client.set(prefix + key, value);
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await client.set(prefix + key, value, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async setIfAbsentAndGet(key, value, ttlMs, readKey) {
      // EVALSHA after the first call; a missing script (server restart) falls back to EVAL inside ioredis.
      const [set, read] = await scripts.setNxAndGet(prefix + key, prefix + readKey, value, String(ttlMs));
      return { set: set === 1, read: read ?? null };
    },
    async deleteIfEquals(key, value) {
      return (await client.eval(DELETE_IF_EQUALS, 1, prefix + key, value)) === 1;
    },
    async del(key) {
      await client.del(prefix + key);
    },
    async incr(key, ttlMs) {
      return Number(await client.eval(INCR_WITH_TTL, 1, prefix + key, String(ttlMs)));
    },
    async publish(channel, message) {
      await client.publish(prefix + channel, message);
    },
    async subscribe(channel, onMessage) {
      const full = prefix + channel;
      let set = handlers.get(full);
      if (!set) {
        set = new Set();
        handlers.set(full, set);
        await subscriber.subscribe(full);
      }
      set.add(onMessage);
      return async () => {
        set.delete(onMessage);
        if (set.size === 0) {
          handlers.delete(full);
          await subscriber.unsubscribe(full).catch(() => undefined);
        }
      };
    },
    async ping() {
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
