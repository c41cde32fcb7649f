import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { postWechat, textXml } from '../helpers/wechat.js';

async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

describe('dashboard, statistics and the audit log API', () => {
  let t: TestApp;
  let ruleId: number;
  beforeAll(async () => {
    t = await createTestApp();
    const rule = { name: '公积金', keywords: [{ text: '公积金', match: 'exact' }], replies: [{ type: 'text', content: '公积金请到住房公积金中心办理。' }], replyMode: 'random' };
    const created = await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: adminHeaders, payload: rule });
    ruleId = created.json().id;
    await postWechat(t.app, textXml('公积金', { from: 'oDash0001' }));
    await postWechat(t.app, textXml('公积金', { from: 'oDash0002' }));
    await postWechat(t.app, textXml('火星签证怎么办', { from: 'oDash0003' }));
    await t.app.inject({ method: 'POST', url: '/admin/api/simulate', headers: adminHeaders, payload: { text: '公积金' } });
    await eventually(async () => (await t.db.query('SELECT count(*)::int AS n FROM message_log')).rows[0].n as number, (n) => n >= 4, 'logged');
  });
  afterAll(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url: `/admin/api${url}`, headers: adminHeaders });

  it('when citizens wrote today then the dashboard counts them by what answered, without the simulator, with the top keywords and unmatched questions', async () => {
    const res = await get('/dashboard');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.today.messages).toBe(3);
    expect(body.today.byRule + body.today.bySearch + body.today.byNothing).toBe(3);
    expect(body.topKeywords[0]).toMatchObject({ ruleId, name: '公积金', count: 2 });
    expect(body.tickets).toEqual({ open: 0, overdue: 0 });
    expect(body.bookingsToday).toBe(0);
  });

  it('when the messages per day are asked then there is one entry per day, today last', async () => {
    const res = await get('/stats/messages?days=30');
    expect(res.statusCode).toBe(200);
    const days = res.json().days as Array<{ date: string; total: number }>;
    expect(days).toHaveLength(30);
    expect(days[29]!.total).toBe(3);
    expect(days[29]!.date).toBe(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
    expect((await get('/stats/messages?days=0')).statusCode).toBe(400);
  });

  it('when audit entries are filtered then actor, action and resource narrow them and each carries the operator id and account', async () => {
    const op = await t.app.inject({ method: 'POST', url: '/admin/api/operators', headers: adminHeaders, payload: { name: '审计编辑', roles: ['editor'] } });
    const token = op.json().token as string;
    await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: { authorization: `Bearer ${token}` }, payload: { name: '审计', keywords: [{ text: '审计', match: 'exact' }], replies: [{ type: 'text', content: '审计' }], replyMode: 'random' } });
    const byActor = await get('/audit?actor=审计编辑');
    expect(byActor.statusCode, byActor.body).toBe(200);
    expect(byActor.json().items).toHaveLength(1);
    expect(byActor.json().items[0]).toMatchObject({ actor: '审计编辑', actorId: op.json().id, actorAccount: 'default', action: 'create', resource: 'keyword-rule' });
    const byResource = await get('/audit?resource=operator&action=create');
    expect(byResource.json().items.every((e: { resource: string }) => e.resource === 'operator')).toBe(true);
    expect(byResource.json().items[0]).toMatchObject({ actor: 'admin', actorId: null });
    const paged = await get('/audit?limit=1');
    expect(paged.json().items).toHaveLength(1);
    const next = await get(`/audit?limit=1&before=${paged.json().nextBefore}`);
    expect(next.json().items[0].id).toBeLessThan(paged.json().items[0].id);
    expect((await get('/audit?from=2000-01-01&to=2000-01-02')).json().items).toEqual([]);
    expect((await get('/audit?who=admin')).statusCode).toBe(400);
    const editorRead = await t.app.inject({ method: 'GET', url: '/admin/api/audit', headers: { authorization: `Bearer ${token}` } });
    expect(editorRead.statusCode).toBe(403);
  });

  it('when a question found nothing then it is listed as unmatched, and resolved once a later ask finds something', async () => {
    const before = await get('/stats/unmatched');
    expect(before.statusCode, before.body).toBe(200);
    const item = before.json().items.find((i: { query: string }) => i.query === '火星签证怎么办');
    expect(item).toMatchObject({ count: 1, resolved: false });
    const rule = { name: '火星', keywords: [{ text: '火星签证怎么办', match: 'exact' }], replies: [{ type: 'text', content: '暂无此业务。' }], replyMode: 'random' };
    await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: adminHeaders, payload: rule });
    await t.app.inject({ method: 'POST', url: '/admin/api/simulate', headers: adminHeaders, payload: { text: '火星签证怎么办' } });
    const after = await eventually(
      async () => (await get('/stats/unmatched')).json().items as Array<{ query: string; resolved: boolean }>,
      (items) => items.some((i) => i.query === '火星签证怎么办' && i.resolved),
      'resolved',
    );
    expect(after.find((i) => i.query === '火星签证怎么办')!.resolved).toBe(true);
  });
});
