import type { Logger } from 'pino';
import { Batcher } from './batch.js';
import { clusterKey } from './cluster-keys.js';
import type { KeyValueStore } from './port.js';
import { openConnections, type RedisTopology } from './redis-connect.js';
import { hashSlot, perSlot, sameSlot } from './slot.js';

const DELETE_IF_EQUALS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const INCR_WITH_TTL = `local v = redis.call('INCR', KEYS[1]) if v == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return v`;
/**
 * Claims (SET NX) and reads, for every pair of keys: KEYS[2i-1] is claimed with
 * ARGV[2i-1] for ARGV[2i] ms, KEYS[2i] is read. A missing key reads as Lua false, which
 * keeps the reply array whole (a nil would end it) and reaches the client as null.
 */
const CLAIM_AND_READ = `local out = {}
for i = 1, #KEYS / 2 do
  out[2 * i - 1] = redis.call('SET', KEYS[2 * i - 1], ARGV[2 * i - 1], 'PX', ARGV[2 * i], 'NX') and 1 or 0
  out[2 * i] = redis.call('GET', KEYS[2 * i])
end
return out`;
/** SET KEYS[i] to ARGV[2i-1] for ARGV[2i] ms, for every key. */
const SET_MANY = `for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[2 * i - 1], 'PX', ARGV[2 * i]) end return #KEYS`;
/** Claims or writes combined into one script call; a batch this large goes at once. */
const MAX_BATCH = 128;

/** The Lua commands defined on the client (ioredis adds them at runtime); the first argument is the number of keys. */
interface Scripts {
  claimAndRead(...args: Array<string | number>): Promise<Array<number | string | null>>;
  setMany(...args: Array<string | number>): Promise<number>;
}

interface Claim {
  key: string;
  readKey: string;
  value: string;
  ttlMs: number;
}

interface Write {
  key: string;
  value: string;
  ttlMs: number;
}

type ClaimResult = { set: boolean; read: string | null };

export interface RedisStoreOptions extends RedisTopology {
  /** Prefix for every key and channel; lets tests and accounts share one server. No braces: Cluster would read them as a hash tag. */
  prefix?: string;
  log: Logger;
}

export async function createRedisStore(options: RedisStoreOptions): Promise<KeyValueStore> {
  const prefix = options.prefix ?? 'wz:';
  const { client, subscriber, clustered, describe } = openConnections(options);
  const keyOf = clustered ? (key: string) => clusterKey(prefix, key) : (key: string) => prefix + key;
  client.defineCommand('claimAndRead', { lua: CLAIM_AND_READ });
  client.defineCommand('setMany', { lua: SET_MANY });
  const scripts = client as unknown as Scripts;

  // EVALSHA after the first call; a missing script (server restart) falls back to EVAL inside ioredis.
  const claimTogether = async (batch: Claim[]): Promise<ClaimResult[]> => {
    const keys: string[] = [];
    const args: string[] = [];
    for (const claim of batch) {
      keys.push(keyOf(claim.key), keyOf(claim.readKey));
      args.push(claim.value, String(claim.ttlMs));
    }
    const reply = await scripts.claimAndRead(keys.length, ...keys, ...args);
    const results: ClaimResult[] = [];
    for (let i = 0; i < batch.length; i++) {
      const read = reply[2 * i + 1];
      results.push({ set: reply[2 * i] === 1, read: typeof read === 'string' ? read : null });
    }
    return results;
  };
  const writeTogether = async (batch: Write[]): Promise<undefined[]> => {
    const keys: string[] = [];
    const args: string[] = [];
    for (const write of batch) {
      keys.push(keyOf(write.key));
      args.push(write.value, String(write.ttlMs));
    }
    await scripts.setMany(keys.length, ...keys, ...args);
    return new Array<undefined>(batch.length);
  };
  // One server: the whole round's claims in one script call, the webhook's throughput lever.
  // Cluster: one script call per slot (a citizen's keys share one, see cluster-keys.ts);
  // a claim whose two keys are in different slots is a SET NX and a GET side by side.
  const claims = new Batcher<Claim, ClaimResult>(
    clustered
      ? (batch) =>
          perSlot(batch, (c) => sameSlot(keyOf(c.key), keyOf(c.readKey)), claimTogether, async (c) => {
            const [set, read] = await Promise.all([client.set(keyOf(c.key), c.value, 'PX', c.ttlMs, 'NX'), client.get(keyOf(c.readKey))]);
            return { set: set === 'OK', read };
          })
      : claimTogether,
    MAX_BATCH,
  );
  const writes = new Batcher<Write, undefined>(clustered ? (batch) => perSlot(batch, (w) => hashSlot(keyOf(w.key)), writeTogether) : writeTogether, MAX_BATCH);

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
  options.log.info({ redis: describe }, 'connected to Redis');

  const handlers = new Map<string, Set<(message: string) => void>>();
  subscriber.on('message', (channel: string, message: string) => {
    for (const handler of handlers.get(channel) ?? []) handler(message);
  });

  return {
    kind: 'redis',
    async get(key) {
      return client.get(keyOf(key));
    },
    async set(key, value, ttlMs) {
      if (ttlMs) await client.set(keyOf(key), value, 'PX', ttlMs);
      else await client.set(keyOf(key), value);
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await client.set(keyOf(key), value, 'PX', ttlMs, 'NX')) === 'OK';
    },
    setIfAbsentAndGet(key, value, ttlMs, readKey) {
      return claims.call({ key, readKey, value, ttlMs });
    },
    setUnordered(key, value, ttlMs) {
      return writes.call({ key, value, ttlMs });
    },
    async deleteIfEquals(key, value) {
      return (await client.eval(DELETE_IF_EQUALS, 1, keyOf(key), value)) === 1;
    },
    async del(key) {
      await client.del(keyOf(key));
    },
    async incr(key, ttlMs) {
      return Number(await client.eval(INCR_WITH_TTL, 1, keyOf(key), String(ttlMs)));
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
