import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeLedger, type ChangeLedger } from '../../src/infra/change-ledger.js';
import { createChangeVersionRepository } from '../../src/infra/change-versions.repository.js';
import { createLogger } from '../../src/infra/logger.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const log = createLogger('silent');
const HOUR = 3_600_000;

describe('change ledger: versions in PostgreSQL reach instances that missed the Redis message', () => {
  let t: TestApp;
  const ledgers: ChangeLedger[] = [];
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    for (const ledger of ledgers) await ledger.close();
    await t.close();
  });

  /** An instance's ledger; polling is left to the test (check()), so nothing depends on time. */
  async function instance() {
    const ledger = await createChangeLedger(createChangeVersionRepository(t.db), log, HOUR);
    ledgers.push(ledger);
    const seen: Array<string | null> = [];
    ledger.watch('rules', (accountId) => seen.push(accountId));
    return { ledger, seen };
  }

  it('when one instance records a change then the other emits it once at its next check, and the writer does not echo it', async () => {
    const a = await instance();
    const b = await instance();
    await a.ledger.record('rules', 'default');
    await a.ledger.record('rules', 'other');
    await b.ledger.check();
    await a.ledger.check();
    expect(b.seen.sort()).toEqual(['default', 'other']);
    expect(a.seen).toEqual([]);
    await b.ledger.check();
    expect(b.seen).toHaveLength(2);
  });

  it('when a change concerns every account then it is emitted as null; other channels are not emitted', async () => {
    const a = await instance();
    const b = await instance();
    await a.ledger.record('rules', '');
    await a.ledger.record('menus', 'default');
    await b.ledger.check();
    expect(b.seen).toEqual([null]);
  });

  it('when an instance starts then changes made before it are its baseline, not news', async () => {
    const a = await instance();
    await a.ledger.record('rules', 'early');
    const late = await instance();
    await late.ledger.check();
    expect(late.seen).toEqual([]);
  });
});
