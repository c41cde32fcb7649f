import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maskOpenId } from '../../src/lib/mask.js';
import type { RecordedCall } from '../helpers/fake-wechat.js';
import { textXml } from '../helpers/wechat.js';
import { createFaultApp, type FaultApp } from './support/fault-app.js';
import { captureLogs } from './support/log-capture.js';
import { createRule, deliver, sleep } from './support/webhook.js';

const SEND = '/cgi-bin/message/custom/send';
const touser = (call: RecordedCall) => (call.body as { touser?: string } | undefined)?.touser;
const contentOf = (call: RecordedCall) => (call.body as { text?: { content?: string } }).text?.content;

/**
 * Customer-service follow-ups on the webhook path (replyMode "all": the first reply is
 * passive, the rest go out through /cgi-bin/message/custom/send) against WeChat API
 * errors from the fake server. The client-level behaviour is in test/infra/wechat-client.test.ts.
 */
describe('fault: WeChat API errors on customer-service follow-ups', () => {
  let t: FaultApp;
  const logs = captureLogs('info');
  beforeAll(async () => {
    t = await createFaultApp({ log: logs.log, wechatTimeoutMs: 300, wechatBackoffMs: 20 });
    await createRule(t.app, { keyword: '三条回复', replies: ['第一条', '第二条', '第三条'], replyMode: 'all' });
    // A first exchange issues the shared access_token.
    expect((await deliver(t.app, textXml('三条回复', { from: 'oApiWarm' }))).content).toBe('第一条');
    await t.fake.waitFor(SEND, 2);
  });
  beforeEach(() => t.fake.reset());
  afterAll(async () => t?.close());

  /** Sends the three-reply keyword and waits until the follow-ups to `from` have settled. */
  async function converse(from: string, expectedCalls: number): Promise<RecordedCall[]> {
    const answer = await deliver(t.app, textXml('三条回复', { from }));
    expect(answer.status).toBe(200);
    expect(answer.content).toBe('第一条');
    const deadline = Date.now() + 5000;
    while (t.fake.callsTo(SEND).filter((c) => touser(c) === from).length < expectedCalls && Date.now() < deadline) await sleep(20);
    // Long enough for any further (unwanted) retry with backoff to show up.
    await sleep(400);
    return t.fake.callsTo(SEND).filter((c) => touser(c) === from);
  }

  it('when the access_token is rejected (40001) then it is refreshed once and the follow-up retried once', async () => {
    t.fake.revokeTokens();
    const calls = await converse('oApi40001', 3);
    expect(calls.map(contentOf)).toEqual(['第二条', '第二条', '第三条']);
    const [rejected, retried, next] = calls.map((c) => c.query.access_token);
    expect(retried).not.toBe(rejected);
    expect(next).toBe(retried);
    expect(t.fake.callsTo('/cgi-bin/token')).toHaveLength(1);
  });

  it('when the token keeps expiring (42001) then each follow-up refreshes once, retries once, and gives up', async () => {
    t.fake.respond((call) => (call.path === SEND && touser(call) === 'oApi42001' ? { json: { errcode: 42001, errmsg: 'access_token expired' } } : undefined));
    const calls = await converse('oApi42001', 4);
    expect(calls.map(contentOf)).toEqual(['第二条', '第二条', '第三条', '第三条']);
    expect(t.fake.callsTo('/cgi-bin/token')).toHaveLength(2);
  });

  for (const code of [45015, 45047]) {
    it(`when WeChat answers ${code} then it is logged with a masked openId and neither retried nor followed by the rest`, async () => {
      const from = `oApi${code}Citizen`;
      t.fake.respond((call) => (call.path === SEND && touser(call) === from ? { json: { errcode: code, errmsg: 'refused' } } : undefined));
      const calls = await converse(from, 1);
      expect(calls).toHaveLength(1);
      const logged = logs.lines.filter((line) => line.includes(String(code)));
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.some((line) => line.includes(maskOpenId(from)))).toBe(true);
      expect(logs.lines.some((line) => line.includes(from))).toBe(false);
    });
  }

  it('when WeChat answers 5xx then each follow-up is tried a bounded number of times, with growing pauses', async () => {
    const at: number[] = [];
    t.fake.respond((call) => {
      if (call.path !== SEND || touser(call) !== 'oApi502') return undefined;
      at.push(Date.now());
      return { status: 502, body: '<html>bad gateway</html>', contentType: 'text/html' };
    });
    const calls = await converse('oApi502', 6);
    expect(calls.map(contentOf)).toEqual(['第二条', '第二条', '第二条', '第三条', '第三条', '第三条']);
    // Backoff 20 ms then 40 ms (timers never fire early by more than a millisecond).
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(19);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(39);
  });

  it('when WeChat does not answer in time then each follow-up is tried a bounded number of times', async () => {
    t.fake.respond((call) => (call.path === SEND && touser(call) === 'oApiSlow' ? { delayMs: 1500 } : undefined));
    const calls = await converse('oApiSlow', 6);
    expect(calls.map(contentOf)).toEqual(['第二条', '第二条', '第二条', '第三条', '第三条', '第三条']);
  });
});
