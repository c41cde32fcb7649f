import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { nextMsgId, postWechat, readReply, textXml } from '../helpers/wechat.js';

describe('two instances sharing one Postgres and one Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ shareWith: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('when a rule is created on one instance then the other answers with it within 1 s', async () => {
    // Warm instance B's cache first, so the test proves invalidation, not a cold load.
    await postWechat(b.app, textXml('热更新测试', { from: 'oWarm' }));
    const created = await a.app.inject({
      method: 'POST',
      url: '/admin/api/keyword-rules',
      headers: adminHeaders,
      payload: { name: '热更新', keywords: [{ text: '热更新测试', match: 'exact' }], replies: [{ type: 'text', content: '已生效' }], replyMode: 'random' },
    });
    expect(created.statusCode).toBe(201);
    const deadline = Date.now() + 1000;
    let content: unknown;
    while (Date.now() < deadline) {
      content = readReply((await postWechat(b.app, textXml('热更新测试', { from: 'oHot' }))).body).Content;
      if (content === '已生效') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(content).toBe('已生效');
  });

  it('when a retry reaches the other instance then it gets the same reply and no second effect', async () => {
    await a.app.inject({
      method: 'POST',
      url: '/admin/api/keyword-rules',
      headers: adminHeaders,
      payload: { name: '跨实例', keywords: [{ text: '跨实例', match: 'exact' }], replies: [{ type: 'text', content: '一' }, { type: 'text', content: '二' }], replyMode: 'all' },
    });
    const xml = textXml('跨实例', { from: 'oCross', msgId: nextMsgId() });
    const [first, second] = await Promise.all([postWechat(a.app, xml), postWechat(b.app, xml)]);
    expect(readReply(first.body).Content).toBe('一');
    expect(readReply(second.body).Content).toBe('一');
    await a.fake.waitFor('/cgi-bin/message/custom/send', 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(a.fake.callsTo('/cgi-bin/message/custom/send').filter((c) => (c.body as { touser: string }).touser === 'oCross')).toHaveLength(1);
  });
});
