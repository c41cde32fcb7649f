import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchService } from '../../../src/features/content/search.service.js';
import { createSearchRepository, type SearchRepository } from '../../../src/features/content/search.repository.js';
import { createChangeBus } from '../../../src/infra/change-bus.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { guide, post } from './content-helpers.js';

const log = pino({ level: 'silent' });

describe('search results are reused for identical searches until content changes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await post(t, '/admin/api/guides', guide('CA-1', '港澳通行证办理', { keywords: ['港澳'] }));
    await post(t, '/admin/api/guides', guide('CA-2', '港澳台居民居住证'));
  });
  afterAll(async () => t.close());

  /** The real repository on the test schema; `failing` makes loading the index throw. */
  function counted() {
    const real = createSearchRepository(t.db);
    const calls = { searches: 0, failing: false, hold: null as Promise<void> | null };
    const repo: SearchRepository = {
      ...real,
      async corpus(accountId) {
        if (calls.failing) throw new Error('database unavailable');
        const rows = await real.corpus(accountId);
        if (calls.hold) await calls.hold;
        return rows;
      },
    };
    return { repo, calls };
  }

  /** A real service whose searches (each parses the question once) are counted. */
  async function service(options: { resultTtlMs: number; maxEntries: number }) {
    const { repo, calls } = counted();
    const bus = await createChangeBus(t.kv, `search-cache-${Math.random()}`, log);
    const search = new SearchService(repo, bus, log, options);
    const parse = search.parse.bind(search);
    search.parse = (...args) => {
      calls.searches += 1;
      return parse(...args);
    };
    return { search, calls, bus };
  }

  it('when 20 citizens ask the same thing at once then one search answers them all, and a different question runs its own', async () => {
    const { search, calls } = await service({ resultTtlMs: 60_000, maxEntries: 100 });
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => search.search('default', '港澳')));
    expect(calls.searches).toBe(1);
    expect(outcomes.every((o) => o.hits.map((h) => h.title).includes('港澳通行证办理'))).toBe(true);
    await search.search('default', '居住证');
    expect(calls.searches).toBe(2);
    // Another account never sees this account's results.
    expect((await search.search('other', '港澳')).hits).toEqual([]);
    expect(calls.searches).toBe(3);
  });

  it('when the reuse time has passed then the next search runs again', async () => {
    const { search, calls } = await service({ resultTtlMs: 40, maxEntries: 100 });
    await search.search('default', '港澳');
    await search.search('default', '港澳');
    expect(calls.searches).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await search.search('default', '港澳');
    expect(calls.searches).toBe(2);
  });

  it('when content changes for an account then only that account’s results are dropped', async () => {
    const { search, calls, bus } = await service({ resultTtlMs: 60_000, maxEntries: 100 });
    await search.search('default', '港澳');
    await search.search('other', '港澳');
    await bus.publish('other');
    await search.search('default', '港澳');
    expect(calls.searches).toBe(2);
    await search.search('other', '港澳');
    expect(calls.searches).toBe(3);
  });

  it('when a search fails then the failure is not reused: the next identical search tries again', async () => {
    const { search, calls } = await service({ resultTtlMs: 60_000, maxEntries: 100 });
    calls.failing = true;
    await expect(search.search('default', '港澳')).rejects.toThrow('database unavailable');
    calls.failing = false;
    expect((await search.search('default', '港澳')).hits.length).toBeGreaterThan(0);
    expect(calls.searches).toBe(2);
  });

  it('when more different searches are made than the cache holds then the oldest is dropped first', async () => {
    const { search, calls } = await service({ resultTtlMs: 60_000, maxEntries: 2 });
    for (const q of ['港澳', '居住证', '通行证']) await search.search('default', q);
    expect(calls.searches).toBe(3);
    await search.search('default', '通行证');
    await search.search('default', '居住证');
    expect(calls.searches).toBe(3);
    await search.search('default', '港澳');
    expect(calls.searches).toBe(4);
  });

  it('when reuse is switched off then every search runs', async () => {
    const { search, calls } = await service({ resultTtlMs: 0, maxEntries: 0 });
    await search.search('default', '港澳');
    await search.search('default', '港澳');
    expect(calls.searches).toBe(2);
  });

  it('when content changes and the new index takes long to build then the previous one answers until it is ready', async () => {
    const { search, calls, bus } = await service({ resultTtlMs: 0, maxEntries: 0 });
    expect((await search.search('default', '港澳')).hits.length).toBe(2);
    let release!: () => void;
    calls.hold = new Promise((resolve) => (release = resolve));
    const added = await post(t, '/admin/api/guides', guide('CA-3', '港澳商务签注'));
    await bus.publish('default');
    // The rebuild is held: the previous index answers, without the new guide.
    expect((await search.search('default', '港澳')).hits.map((h) => h.id)).not.toContain(added.id);
    calls.hold = null;
    release();
    // Once built, the new index answers (polled: the build finishes on its own schedule).
    await expect.poll(async () => (await search.search('default', '港澳')).hits.map((h) => h.id)).toContain(added.id);
    await t.app.inject({ method: 'DELETE', url: `/admin/api/guides/${added.id}`, headers: { authorization: `Bearer ${t.config.adminToken}` } });
  });
});
