import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/infra/embedded-postgres.js';
import { createLogger } from '../../src/infra/logger.js';
import { APOLOGY } from '../../src/router/dispatch.js';
import { adminHeaders } from '../helpers/app.js';
import { eventXml, textXml } from '../helpers/wechat.js';
import { createFaultApp, type FaultApp } from './support/fault-app.js';
import { freePort } from './support/redis-server.js';
import { createRule, deliver, eventually, expectAnsweredInTime, readyStatus, setDefaultReply, sleep, type Answer } from './support/webhook.js';

const REPLY = '数据库断了也回复';

/** Either the configured reply (from a warm cache) or the polite apology; never a 5xx, never silence. */
function expectPoliteAnswer(answer: Answer, label = ''): void {
  expectAnsweredInTime(answer, label);
  if (answer.body !== 'success') expect([REPLY, APOLOGY], label).toContain(answer.content);
}

/** Our own PostgreSQL cluster (the embedded one the product ships), so it can be stopped and started. */
describe('fault: Postgres becomes unreachable and returns', () => {
  let dir: string;
  let cluster: EmbeddedPostgres;
  let t: FaultApp;
  let ruleId: number;
  const start = async () => {
    cluster = await startEmbeddedPostgres(path.join(dir, 'pg'), createLogger('silent'));
  };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wz-fault-pg-'));
    // Same port after a restart: the app's pool keeps its connection string.
    process.env.EMBEDDED_PG_PORT = String(await freePort());
    await start();
    t = await createFaultApp({ databaseUrl: cluster.connectionString });
    ruleId = await createRule(t.app, { keyword: '数据库测试', replies: [REPLY] });
    await setDefaultReply(t.app, '您好，留言已收到。');
    expect((await deliver(t.app, textXml('数据库测试', { from: 'oPgWarm' }))).content).toBe(REPLY);
  });
  afterAll(async () => {
    await t?.close();
    await cluster?.stop();
    delete process.env.EMBEDDED_PG_PORT;
    rmSync(dir, { recursive: true, force: true });
  });

  it('when Postgres stops then citizens still get a reply or a polite apology, /readyz says 503, and the pool recovers without a restart', async () => {
    await cluster.stop();
    const down: Answer[] = [];
    // Cached rules keep answering.
    down.push(await deliver(t.app, textXml('数据库测试', { from: 'oPgDown1' })));
    expect(down[0]!.content).toBe(REPLY);
    // A rule change elsewhere drops the cache; the reload fails.
    await t.kv.publish('changes:keywords', 'default');
    await sleep(50);
    down.push(...(await Promise.all([
      deliver(t.app, textXml('数据库测试', { from: 'oPgDown2' })),
      deliver(t.app, textXml('数据库测试', { from: 'oPgDown3' }), { safe: true }),
      deliver(t.app, eventXml('CLICK', { EventKey: 'keyword:数据库测试' }, { from: 'oPgDown4' })),
      deliver(t.app, textXml('别的问题', { from: 'oPgDown5' })),
    ])));
    down.forEach((answer, i) => expectPoliteAnswer(answer, `push ${i}`));
    expect(await readyStatus(t.app)).toBe(503);

    await start();
    expect(await eventually(async () => (await readyStatus(t.app)) === 200, 10_000)).toBe(true);
    expect((await deliver(t.app, textXml('数据库测试', { from: 'oPgBack' }))).content).toBe(REPLY);
    // Hits counted while the database was away are saved once it is back: nothing lost.
    const answeredByRule = 2 + down.filter((a) => a.content === REPLY).length;
    const rule = await t.app.inject({ url: `/admin/api/keyword-rules/${ruleId}`, headers: adminHeaders });
    expect(rule.json().hits).toBe(answeredByRule);
  }, 30_000);

  it('when the account cache is cold while Postgres is down then WeChat still gets a 200, never a 5xx', async () => {
    await cluster.stop();
    try {
      // An account change elsewhere (or a fresh instance) leaves no cached account.
      await t.kv.publish('changes:accounts', 'default');
      await sleep(50);
      const answer = await deliver(t.app, textXml('数据库测试', { from: 'oPgCold' }));
      expectAnsweredInTime(answer);
    } finally {
      await start();
    }
    expect(await eventually(async () => (await readyStatus(t.app)) === 200, 10_000)).toBe(true);
    expect((await deliver(t.app, textXml('数据库测试', { from: 'oPgColdBack' }))).content).toBe(REPLY);
  }, 30_000);
});

/** An operator's long transaction (or a migration) holds the rules table. */
describe('fault: Postgres stuck behind a lock', () => {
  let t: FaultApp;
  beforeAll(async () => {
    t = await createFaultApp();
    await createRule(t.app, { keyword: '锁表测试', replies: [REPLY] });
  });
  afterAll(async () => t?.close());

  it('when the rules table is locked longer than WeChat waits then every push is answered in time, and service resumes when the lock goes', async () => {
    const locker = new pg.Client({ connectionString: t.databaseUrl, options: `-c search_path=${t.schema},public` });
    await locker.connect();
    let answers: Answer[];
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE keyword_rules IN ACCESS EXCLUSIVE MODE');
      await t.kv.publish('changes:keywords', 'default');
      await sleep(50);
      // More concurrent pushes than the pool has connections.
      answers = await Promise.all(Array.from({ length: 25 }, (_, i) => deliver(t.app, textXml('锁表测试', { from: `oLock${i}` }))));
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    answers.forEach((answer, i) => expectPoliteAnswer(answer, `push ${i}`));
    expect((await deliver(t.app, textXml('锁表测试', { from: 'oLockAfter' }))).content).toBe(REPLY);
    expect(await readyStatus(t.app)).toBe(200);
  }, 30_000);
});
