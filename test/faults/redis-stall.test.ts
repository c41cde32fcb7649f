import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventXml, nextMsgId, textXml } from '../helpers/wechat.js';
import { createFaultApp, type FaultApp } from './support/fault-app.js';
import { OwnRedis } from './support/redis-server.js';
import { createRule, deliver, eventually, expectAnsweredInTime, readyStatus, setDefaultReply, sleep } from './support/webhook.js';

/**
 * CLIENT PAUSE makes Redis accept connections and commands but answer none, the way a
 * Redis stuck in a long fork or a saturated network looks. It runs against a private
 * redis-server: pausing the shared one would stall every other test file.
 */
describe('fault: Redis stalls (CLIENT PAUSE 8000)', () => {
  let redis: OwnRedis;
  let t: FaultApp;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await createFaultApp({ redisUrl: redis.url });
    await createRule(t.app, { keyword: '停顿测试', replies: ['Redis 停顿时也要回复'] });
    await setDefaultReply(t.app, '您好，留言已收到。');
    // Warm the caches, as a running instance would be.
    expectAnsweredInTime(await deliver(t.app, textXml('停顿测试', { from: 'oStallWarm' })));
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('when Redis is paused then every push is answered in time, a retry is answered twice rather than never, /readyz says 503, and all recovers by itself', async () => {
    const admin = redis.admin();
    const retried = textXml('停顿测试', { from: 'oStallRetry', msgId: nextMsgId() });
    let answers;
    let readyDuringStall: number;
    try {
      await admin.call('CLIENT', 'PAUSE', '8000', 'ALL');
      answers = await Promise.all([
        deliver(t.app, retried),
        deliver(t.app, retried),
        deliver(t.app, textXml('停顿测试', { from: 'oStallSafe' }), { safe: true }),
        deliver(t.app, textXml('没有规则的问题', { from: 'oStallDefault' })),
        deliver(t.app, eventXml('CLICK', { EventKey: 'keyword:停顿测试' }, { from: 'oStallClick' })),
        deliver(t.app, eventXml('subscribe', {}, { from: 'oStallSub' })),
      ]);
      readyDuringStall = await readyStatus(t.app);
    } finally {
      // Redis 7.0 queues UNPAUSE behind the pause too; it returns when the pause ends.
      await admin.call('CLIENT', 'UNPAUSE');
      admin.disconnect();
    }
    answers.forEach((answer, i) => expectAnsweredInTime(answer, `push ${i}`));
    // No de-duplication store: both deliveries of the same MsgId are answered, neither is dropped.
    expect(answers[0]!.content).toBe('Redis 停顿时也要回复');
    expect(answers[1]!.content).toBe('Redis 停顿时也要回复');
    expect(answers[2]!.content).toBe('Redis 停顿时也要回复');
    expect(answers[4]!.content).toBe('Redis 停顿时也要回复');
    expect(readyDuringStall).toBe(503);

    expect(await eventually(async () => (await readyStatus(t.app)) === 200, 5000)).toBe(true);
    // De-duplication is back: the first delivery leaves its key, a retry gets the same reply.
    const msgId = nextMsgId();
    const again = textXml('停顿测试', { from: 'oStallAfter', msgId });
    expect((await deliver(t.app, again)).content).toBe('Redis 停顿时也要回复');
    expect(await t.kv.get(`dlv:default:m:oStallAfter:${msgId}`)).not.toBeNull();
    expect((await deliver(t.app, again)).content).toBe('Redis 停顿时也要回复');
  }, 20_000);
});

/**
 * A handler slower than the 4 s budget (here: rules stuck behind a table lock; in
 * production, a feature whose queries wait on locks) while Redis stalls. The answer
 * must not wait for the store write that follows the budget.
 */
describe('fault: Redis stalls while a handler is slower than the budget', () => {
  let redis: OwnRedis;
  let t: FaultApp;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await createFaultApp({ redisUrl: redis.url, statementTimeoutMs: 10_000 });
    await createRule(t.app, { keyword: '慢处理', replies: ['稍后送达'] });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('when the store stalls after the delivery was claimed then WeChat still gets "success" within 4.5 s', async () => {
    const locker = new pg.Client({ connectionString: t.databaseUrl, options: `-c search_path=${t.schema},public` });
    await locker.connect();
    const admin = redis.admin();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE keyword_rules IN ACCESS EXCLUSIVE MODE');
      await t.kv.publish('changes:keywords', 'default');
      await sleep(100);
      const pending = deliver(t.app, textXml('慢处理', { from: 'oSlowStall' }));
      // The delivery key is claimed and the handler is waiting on the lock: now Redis stalls.
      await sleep(400);
      await admin.call('CLIENT', 'PAUSE', '5000', 'ALL');
      const answer = await pending;
      expectAnsweredInTime(answer);
      expect(answer.body).toBe('success');
    } finally {
      // Redis 7.0 queues UNPAUSE behind the pause too; it returns when the pause ends.
      await admin.call('CLIENT', 'UNPAUSE');
      admin.disconnect();
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  }, 20_000);
});
