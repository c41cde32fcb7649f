import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders } from '../helpers/app.js';
import { eventXml, nextMsgId, textXml } from '../helpers/wechat.js';
import { createFaultApp, type FaultApp } from './support/fault-app.js';
import { OwnRedis } from './support/redis-server.js';
import { createRule, deliver, eventually, expectAnsweredInTime, readyStatus, setDefaultReply, sleep, type Answer } from './support/webhook.js';

const REPLY = 'Redis 断了也照常回复';

/**
 * Redis dies mid-traffic and comes back on the same port (a private redis-server: the
 * shared one serves every other test file). Two instances share it, so pub/sub recovery
 * is checked too.
 */
describe('fault: Redis dies mid-traffic and returns', () => {
  let redis: OwnRedis;
  let a: FaultApp;
  let b: FaultApp;
  let ruleId: number;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    a = await createFaultApp({ redisUrl: redis.url });
    b = await createFaultApp({ redisUrl: redis.url, shareWith: a });
    ruleId = await createRule(a.app, { keyword: '断线测试', replies: [REPLY] });
    await setDefaultReply(a.app, '您好，留言已收到。');
    for (const app of [a.app, b.app]) expectAnsweredInTime(await deliver(app, textXml('断线测试', { from: 'oDieWarm' })));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it('when Redis is killed under load then every push is answered in time, /readyz says 503, and both instances recover without a restart', async () => {
    const answers: Array<{ label: string; answer: Answer }> = [];
    const inFlight: Array<Promise<void>> = [];
    let n = 0;
    const send = (label: string, run: () => Promise<Answer>) => {
      inFlight.push(run().then((answer) => void answers.push({ label, answer })));
    };
    const traffic = setInterval(() => {
      const i = n++;
      const app = i % 2 === 0 ? a.app : b.app;
      send(`keyword ${i}`, () => deliver(app, textXml('断线测试', { from: `oDie${i}` })));
      send(`default ${i}`, () => deliver(app, textXml(`随便问问 ${i}`, { from: `oDieDefault${i}` })));
      send(`click ${i}`, () => deliver(app, eventXml('CLICK', { EventKey: 'keyword:断线测试' }, { from: `oDieClick${i}` })));
    }, 40);

    await sleep(300);
    await redis.kill();
    await sleep(300);
    const readyWhileDown = [await readyStatus(a.app), await readyStatus(b.app)];
    // The same delivery twice while the store is gone: answered twice rather than never.
    const retried = textXml('断线测试', { from: 'oDieRetry', msgId: nextMsgId() });
    const twice = await Promise.all([deliver(a.app, retried), deliver(b.app, retried)]);
    await sleep(300);
    await redis.restart();
    const recovered = await eventually(async () => (await readyStatus(a.app)) === 200 && (await readyStatus(b.app)) === 200, 10_000);
    await sleep(300);
    clearInterval(traffic);
    await Promise.all(inFlight);

    expect(readyWhileDown).toEqual([503, 503]);
    expect(recovered).toBe(true);
    for (const answer of twice) expect(answer.content).toBe(REPLY);
    expect(answers.length).toBeGreaterThan(30);
    for (const { label, answer } of answers) {
      expectAnsweredInTime(answer, label);
      if (!label.startsWith('default')) expect(answer.content, label).toBe(REPLY);
    }
  }, 30_000);

  it('when Redis is back then de-duplication works again and a rule change on one instance reaches the other within 1 s', async () => {
    expect(await eventually(async () => (await readyStatus(b.app)) === 200, 10_000)).toBe(true);
    const msgId = nextMsgId();
    const xml = textXml('断线测试', { from: 'oDieBack', msgId });
    expect((await deliver(a.app, xml)).content).toBe(REPLY);
    expect(await eventually(async () => (await a.kv.get(`dlv:default:m:oDieBack:${msgId}`)) !== null, 1000, 20)).toBe(true);
    expect((await deliver(b.app, xml)).content).toBe(REPLY);

    // B's rules are cached; only the pub/sub invalidation (resubscribed after the restart) can refresh them.
    expect((await deliver(b.app, textXml('断线测试', { from: 'oDieWarm2' }))).content).toBe(REPLY);
    const updated = await a.app.inject({
      method: 'PUT',
      url: `/admin/api/keyword-rules/${ruleId}`,
      headers: adminHeaders,
      payload: { name: '断线测试', keywords: [{ text: '断线测试', match: 'exact' }], replies: [{ type: 'text', content: '规则已更新' }], replyMode: 'random' },
    });
    expect(updated.statusCode).toBe(200);
    let i = 0;
    const seen = await eventually(async () => (await deliver(b.app, textXml('断线测试', { from: `oDieHot${i++}` }))).content === '规则已更新', 1000, 50);
    expect(seen).toBe(true);
  }, 30_000);
});
