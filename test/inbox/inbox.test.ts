import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { postWechat, textXml } from '../helpers/wechat.js';

const SEND = '/cgi-bin/message/custom/send';

/** Polls until `check` passes: the log is written off the reply path, about once a second. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

interface Item {
  id: number;
  text: string;
  direction: string;
  rule: string;
  reply: string | null;
  attention: boolean;
  citizen: string;
  openId: string;
  createdAt: string;
  handled: { how: string } | null;
  test: boolean;
}

describe('message log and inbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const rule = { name: '社保卡', keywords: [{ text: '社保卡', match: 'exact' }], replies: [{ type: 'text', content: '社保卡请到人社窗口办理。' }], replyMode: 'random' };
    expect((await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: adminHeaders, payload: rule })).statusCode).toBe(201);
    await t.app.inject({ method: 'PUT', url: '/admin/api/auto-replies/default', headers: adminHeaders, payload: { replies: [{ type: 'text', content: '您的留言已收到，我们会尽快处理。' }] } });
  });
  afterAll(async () => t.close());

  const list = async (query = '') => (await t.app.inject({ method: 'GET', url: `/admin/api/messages${query}`, headers: adminHeaders })).json().items as Item[];

  it('when a citizen sends a message then the log keeps the text, the reply and the rule, with the openId masked and encrypted at rest', async () => {
    const res = await postWechat(t.app, textXml('社保卡', { from: 'oCitizenLog001' }));
    expect(res.statusCode).toBe(200);
    const items = await eventually(() => list('?q=社保卡'), (i) => i.length > 0, 'logged');
    expect(items[0]).toMatchObject({ text: '社保卡', direction: 'in', reply: '社保卡请到人社窗口办理。', attention: false, openId: 'oCi***001' });
    expect(items[0]!.rule).toMatch(/^keyword:\d+$/);
    expect(items[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const { rows } = await t.db.query('SELECT open_id_enc FROM message_log WHERE id = $1', [items[0]!.id]);
    expect(rows[0].open_id_enc).toMatch(/^v1:/);
    expect(JSON.stringify(await list())).not.toContain('oCitizenLog001');
  });

  it('when nothing answers but a fallback then the message needs attention until dismissed', async () => {
    // Greetings have their own small-talk answer; a question no content covers falls through.
    await postWechat(t.app, textXml('窗外那棵老槐树是谁种的', { from: 'oCitizenLog002' }));
    const items = await eventually(() => list('?attention=true'), (i) => i.some((m) => m.text === '窗外那棵老槐树是谁种的'), 'attention');
    const hello = items.find((m) => m.text === '窗外那棵老槐树是谁种的')!;
    expect(hello.rule).toMatch(/^fallback:/);
    const dismissed = await t.app.inject({ method: 'POST', url: `/admin/api/messages/${hello.id}/dismiss`, headers: adminHeaders, payload: {} });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json().item).toMatchObject({ attention: false, handled: { how: 'dismissed', by: 'admin' } });
    expect((await list('?attention=true')).some((m) => m.id === hello.id)).toBe(false);
  });

  it('when an operator replies within the window then the fake WeChat API gets the message, the reply is logged and the thread shows both', async () => {
    await postWechat(t.app, textXml('在吗', { from: 'oCitizenLog003' }));
    const items = await eventually(() => list('?q=在吗'), (i) => i.length > 0, 'logged');
    t.fake.reset();
    const res = await t.app.inject({ method: 'POST', url: `/admin/api/messages/${items[0]!.id}/reply`, headers: adminHeaders, payload: { text: '您好，请问有什么可以帮您？' } });
    expect(res.statusCode, res.body).toBe(200);
    const sent = t.fake.callsTo(SEND);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ touser: 'oCitizenLog003', msgtype: 'text', text: { content: '您好，请问有什么可以帮您？' } });
    const thread = await t.app.inject({ method: 'GET', url: `/admin/api/messages/threads/${items[0]!.citizen}`, headers: adminHeaders });
    expect(thread.statusCode).toBe(200);
    expect(thread.json()).toMatchObject({ windowOpen: true, windowClosedReason: null, openId: 'oCi***003' });
    expect(thread.json().items.map((m: Item) => [m.direction, m.text])).toEqual([
      ['in', '在吗'],
      ['out', '您好，请问有什么可以帮您？'],
    ]);
    expect(thread.json().items[0].handled.how).toBe('replied');
  });

  it('when the 48-hour window has closed then the reply is refused with 409 and a Chinese reason, and WeChat is not called', async () => {
    await postWechat(t.app, textXml('窗口测试', { from: 'oCitizenLog004' }));
    const items = await eventually(() => list('?q=窗口测试'), (i) => i.length > 0, 'logged');
    await t.kv.del('window:default:oCitizenLog004');
    t.fake.reset();
    const res = await t.app.inject({ method: 'POST', url: `/admin/api/messages/${items[0]!.id}/reply`, headers: adminHeaders, payload: { text: '迟到的回复' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'SERVICE_WINDOW_CLOSED' });
    expect(res.json().error.message).toContain('48 小时');
    expect(t.fake.callsTo(SEND)).toHaveLength(0);
    const thread = await t.app.inject({ method: 'GET', url: `/admin/api/messages/threads/${items[0]!.citizen}`, headers: adminHeaders });
    expect(thread.json()).toMatchObject({ windowOpen: false });
    expect(thread.json().windowClosedReason).toContain('48 小时');
  });

  it('when the filters are used then citizen, date and attention narrow the list, and an unknown parameter is refused', async () => {
    const all = await list('?includeTest=true');
    const citizen = all.find((m) => m.text === '社保卡')!.citizen;
    const mine = await list(`?citizen=${citizen}`);
    expect(mine.every((m) => m.citizen === citizen)).toBe(true);
    expect(await list('?from=2000-01-01&to=2000-01-02')).toEqual([]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await list(`?from=${today}&to=${today}`)).length).toBeGreaterThan(0);
    const bad = await t.app.inject({ method: 'GET', url: '/admin/api/messages?colour=red', headers: adminHeaders });
    expect(bad.statusCode).toBe(400);
  });

  it('when messages are older than the retention period then the job deletes them and keeps the rest', async () => {
    await postWechat(t.app, textXml('旧消息', { from: 'oCitizenLog005' }));
    const items = await eventually(() => list('?q=旧消息'), (i) => i.length > 0, 'logged');
    await t.db.query("UPDATE message_log SET created_at = now() - interval '31 days' WHERE id = $1", [items[0]!.id]);
    const { createMessageLogRepository } = await import('../../src/inbox/message-log.repository.js');
    const { startRetentionJob } = await import('../../src/inbox/retention.js');
    const job = startRetentionJob(createMessageLogRepository(t.db), t.config.messageRetentionDays, t.app.log as never);
    const deleted = await job.runOnce();
    await job.stop();
    expect(deleted).toBe(1);
    expect(await list('?q=旧消息')).toEqual([]);
    expect((await list('?q=社保卡')).length).toBeGreaterThan(0);
  });
});
