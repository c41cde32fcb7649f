import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders } from '../helpers/app.js';
import { textXml } from '../helpers/wechat.js';
import { createFaultApp, type FaultApp } from './support/fault-app.js';
import { OwnRedis } from './support/redis-server.js';
import { createRule, deliver, eventually, readyStatus } from './support/webhook.js';

/**
 * Two instances on one schema and a private Redis that dies: a change made on one
 * instance while Redis is down reaches the other through the change versions in
 * PostgreSQL (polled every few seconds), and the operator is told it was not announced.
 */
describe('fault: a change made while Redis is down still reaches the other instance', () => {
  let redis: OwnRedis;
  let a: FaultApp;
  let b: FaultApp;
  let n = 0;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    a = await createFaultApp({ redisUrl: redis.url });
    b = await createFaultApp({ redisUrl: redis.url, shareWith: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  const answerOf = async (app: FaultApp, keyword: string) => (await deliver(app.app, textXml(keyword, { from: `oOutage${n++}` }))).content;
  const remove = (id: number) => a.app.inject({ method: 'DELETE', url: `/admin/api/keyword-rules/${id}`, headers: adminHeaders });

  it('when a rule is deleted on one instance during a Redis outage then the response says so and the other instance stops answering with it', async () => {
    const id = await createRule(a.app, { keyword: '停电规则', replies: ['已删除的回复'] });
    // B caches the account's rules now; only an announced change can refresh them.
    expect(await eventually(async () => (await answerOf(b, '停电规则')) === '已删除的回复', 5000)).toBe(true);

    await redis.kill();
    let deleted: Awaited<ReturnType<typeof remove>> | undefined;
    let seenDuringOutage: boolean | undefined;
    try {
      deleted = await remove(id);
      seenDuringOutage = await eventually(async () => (await answerOf(b, '停电规则')) !== '已删除的回复', 10_000, 250);
    } finally {
      await redis.restart();
    }
    expect(deleted?.statusCode, deleted?.body).toBe(204);
    expect(deleted?.headers['x-change-announced']).toBe('false');
    expect(seenDuringOutage).toBe(true);
    // Within 10 s of Redis coming back, both instances answer alike.
    expect(await eventually(async () => (await answerOf(b, '停电规则')) === (await answerOf(a, '停电规则')), 10_000, 250)).toBe(true);
    expect(await answerOf(b, '停电规则')).not.toBe('已删除的回复');
  }, 40_000);

  it('when Redis is back then a change is announced again (no warning header) and reaches the other instance', async () => {
    expect(await eventually(async () => (await readyStatus(a.app)) === 200 && (await readyStatus(b.app)) === 200, 10_000)).toBe(true);
    const id = await createRule(a.app, { keyword: '恢复规则', replies: ['恢复后的回复'] });
    expect(await eventually(async () => (await answerOf(b, '恢复规则')) === '恢复后的回复', 10_000, 250)).toBe(true);
    const deleted = await remove(id);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.headers['x-change-announced']).toBeUndefined();
    expect(await eventually(async () => (await answerOf(b, '恢复规则')) !== '恢复后的回复', 10_000, 250)).toBe(true);
  }, 40_000);
});
