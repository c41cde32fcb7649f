import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../global-setup.js';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { nextMsgId, postWechat, readReply, textXml } from '../helpers/wechat.js';

describe('WeChat retries and the 5-second limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { REPLY_BUDGET_MS: '600' } });
    await t.app.inject({
      method: 'POST',
      url: '/admin/api/keyword-rules',
      headers: adminHeaders,
      payload: { name: '两条', keywords: [{ text: '两条', match: 'exact' }], replies: [{ type: 'text', content: '甲' }, { type: 'text', content: '乙' }], replyMode: 'all' },
    });
  });
  afterAll(async () => t.close());

  it('when the same message is delivered three times at once then one effect happens and all get the same reply', async () => {
    const xml = textXml('两条', { from: 'oRetry', msgId: nextMsgId() });
    const responses = await Promise.all([postWechat(t.app, xml), postWechat(t.app, xml), postWechat(t.app, xml)]);
    for (const res of responses) {
      expect(res.statusCode).toBe(200);
      expect(readReply(res.body).Content).toBe('甲');
    }
    await t.fake.waitFor('/cgi-bin/message/custom/send', 1);
    await new Promise((r) => setTimeout(r, 200));
    const followUps = t.fake.callsTo('/cgi-bin/message/custom/send').filter((c) => (c.body as { touser: string }).touser === 'oRetry');
    expect(followUps).toHaveLength(1);
    const rule = (await t.app.inject({ url: '/admin/api/keyword-rules', headers: adminHeaders })).json().items[0];
    expect(rule.hits).toBe(1);
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/weizheng_dedup_hits_total\{account="all"\} 2/);
  });

  it('when a later retry arrives after the first answered then it gets the same reply and no second effect', async () => {
    const xml = textXml('两条', { from: 'oLater', msgId: nextMsgId() });
    const first = await postWechat(t.app, xml);
    const second = await postWechat(t.app, xml);
    expect(readReply(second.body)).toMatchObject({ Content: readReply(first.body).Content });
  });

  it('when the handler is slower than the budget then WeChat gets "success" in time and the reply follows by customer-service message', async () => {
    // Hold the keyword table behind a lock so the rule lookup stalls past the budget.
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${t.isolation.schema},public` });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE keyword_rules IN ACCESS EXCLUSIVE MODE');
    // Invalidate the cached rules so the next message must read the locked table.
    await t.kv.publish('changes:keywords', 'default');
    await new Promise((r) => setTimeout(r, 100));
    const xml = textXml('两条', { from: 'oSlow', msgId: nextMsgId() });
    const started = Date.now();
    const res = await postWechat(t.app, xml);
    const elapsed = Date.now() - started;
    expect(res.body).toBe('success');
    expect(elapsed).toBeLessThan(4500);
    // A retry while the work is still running also gets "success", not a second run.
    expect((await postWechat(t.app, xml)).body).toBe('success');
    await locker.query('COMMIT');
    await locker.end();
    const sent = await t.fake.waitFor('/cgi-bin/message/custom/send', 10, 3000);
    const mine = sent.filter((c) => (c.body as { touser: string }).touser === 'oSlow').map((c) => c.body);
    expect(mine).toEqual([
      { touser: 'oSlow', msgtype: 'text', text: { content: '甲' } },
      { touser: 'oSlow', msgtype: 'text', text: { content: '乙' } },
    ]);
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/weizheng_deadline_fallbacks_total\{account="all"\} 1/);
  });
});
