import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/infra/kv/memory.js';
import type { KeyValueStore } from '../../src/infra/kv/port.js';
import { createRedisStore } from '../../src/infra/kv/redis.js';
import { deleteKeysAfterFile } from '../helpers/cleanup.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const stores: KeyValueStore[] = [];

afterAll(async () => {
  for (const store of stores) await store.close();
});

const backends: Array<[string, () => Promise<KeyValueStore>]> = [
  ['memory', async () => createMemoryStore()],
  ['redis', async () => createRedisStore({ url: REDIS_URL, prefix: deleteKeysAfterFile(`test:kv:${randomBytes(4).toString('hex')}:`), log: pino({ level: 'silent' }) })],
];

describe.each(backends)('the %s store: claim and read in one call', (_name, create) => {
  const open = async () => {
    const store = await create();
    stores.push(store);
    return store;
  };

  it('when the key is free then it is set and the other key is read in the same call', async () => {
    const kv = await open();
    await kv.set('session:a', '{"step":"booking"}');
    expect(await kv.setIfAbsentAndGet('dlv:1', 'pending', 60_000, 'session:a')).toEqual({ set: true, read: '{"step":"booking"}' });
    expect(await kv.get('dlv:1')).toBe('pending');
  });

  it('when the key is taken then it is left alone, and the other key is still read', async () => {
    const kv = await open();
    await kv.set('dlv:2', 'first');
    await kv.set('session:b', 'state');
    expect(await kv.setIfAbsentAndGet('dlv:2', 'second', 60_000, 'session:b')).toEqual({ set: false, read: 'state' });
    expect(await kv.get('dlv:2')).toBe('first');
  });

  it('when the other key does not exist then it reads as null', async () => {
    const kv = await open();
    expect(await kv.setIfAbsentAndGet('dlv:3', 'pending', 60_000, 'session:none')).toEqual({ set: true, read: null });
  });

  it('when the claim expires then the key can be claimed again', async () => {
    const kv = await open();
    expect((await kv.setIfAbsentAndGet('dlv:4', 'pending', 50, 'session:none')).set).toBe(true);
    expect((await kv.setIfAbsentAndGet('dlv:4', 'pending', 50, 'session:none')).set).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await kv.setIfAbsentAndGet('dlv:4', 'again', 50, 'session:none')).set).toBe(true);
  });

  it('when the claim key is also the key read then the read sees the value just set', async () => {
    const kv = await open();
    expect(await kv.setIfAbsentAndGet('dlv:5', 'pending', 60_000, 'dlv:5')).toEqual({ set: true, read: 'pending' });
  });
});

describe.each(backends)('the %s store: many claims at once', (_name, create) => {
  it('when 300 deliveries claim 150 keys in the same moment then each key is claimed exactly once and each read is its own, missing ones included', async () => {
    const kv = await create();
    stores.push(kv);
    // Every third citizen has no conversation: a missing value mid-batch must not cut the answers short.
    for (let i = 0; i < 150; i++) if (i % 3 !== 1) await kv.set(`session:${i}`, `state-${i}`);
    // Two claims per key, all issued before any answer: more than one store command's worth.
    const claims = await Promise.all(
      Array.from({ length: 300 }, (_, n) => kv.setIfAbsentAndGet(`dlv:many:${n % 150}`, `v${n}`, 60_000, `session:${n % 150}`)),
    );
    for (let i = 0; i < 150; i++) {
      expect([claims[i]!.set, claims[i + 150]!.set]).toEqual([true, false]);
      const state = i % 3 === 1 ? null : `state-${i}`;
      expect(claims[i]!.read).toBe(state);
      expect(claims[i + 150]!.read).toBe(state);
    }
    // The first claim's value is the one kept.
    expect(await kv.get('dlv:many:7')).toBe('v7');
  });

  it('when unordered writes are issued together then every one is stored with its own value and TTL', async () => {
    const kv = await create();
    stores.push(kv);
    await Promise.all(Array.from({ length: 200 }, (_, n) => kv.setUnordered(`rec:${n}`, `reply-${n}`, n % 2 === 0 ? 60_000 : 40)));
    expect(await kv.get('rec:0')).toBe('reply-0');
    expect(await kv.get('rec:199')).toBe('reply-199');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await kv.get('rec:198')).toBe('reply-198');
    expect(await kv.get('rec:199')).toBeNull();
  });
});

describe('the redis store when its connection is gone', () => {
  it('when claims and writes were combined then every caller of the failed command gets the error', async () => {
    const kv = await backends[1]![1]();
    await kv.close();
    const results = await Promise.allSettled([
      kv.setIfAbsentAndGet('dlv:x', 'pending', 60_000, 'session:x'),
      kv.setIfAbsentAndGet('dlv:y', 'pending', 60_000, 'session:y'),
      kv.setUnordered('rec:x', 'r', 60_000),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});
