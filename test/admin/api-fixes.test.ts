import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { hallBody } from '../features/appointments/helpers.js';
import { guide, news, place } from '../features/content/content-helpers.js';

describe('admin API: every validation error at once, unknown query parameters, PATCH, OpenAPI summaries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const send = (method: 'POST' | 'PUT' | 'PATCH' | 'GET', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/admin/api${url}`, headers: adminHeaders, ...(payload === undefined ? {} : { payload: payload as object }) });
  const created = async (url: string, body: object) => {
    const res = await send('POST', url, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number } & Record<string, unknown>;
  };

  it('when a body has several errors then all are listed with their field paths, and the first one stays in error', async () => {
    const res = await send('POST', '/guides', { ...guide('C 1', 'n'), materials: [{ required: true }], timeLimit: { promised: 'soon' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    const fields = (body.errors as Array<{ field: string; message: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['code', 'materials[0].name', 'timeLimit.promised']));
    expect(body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    expect(body.error.code).toBe('VALIDATION');
    expect(fields).toContain(body.error.field);
  });

  it('when a nested array item is wrong then its path names the index', async () => {
    const res = await send('POST', '/calendar', { days: [{ date: '2026-10-01', kind: 'holiday' }, { date: '2026-10-02', kind: 'holiday' }, { date: '2026-10-03', kind: 'holiday' }, { date: 'nope', kind: 'holiday' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('days[3].date');
  });

  it('when a query parameter is unknown then 400 names it, and known ones still work', async () => {
    const bad = await send('GET', '/news?categroy=x');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION', field: 'categroy' });
    expect((await send('GET', '/news?category=x')).statusCode).toBe(200);
    expect((await send('GET', '/messages?atention=true')).statusCode).toBe(400);
    // A route that declares no query parameters refuses any.
    const none = await send('GET', '/keyword-rules?status=draft');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.field).toBe('status');
  });

  it('when a keyword rule is patched then only the named fields change', async () => {
    const rule = await created('/keyword-rules', { name: '部分', keywords: [{ text: '部分', match: 'exact' }], replies: [{ type: 'text', content: '旧回复' }], replyMode: 'random', priority: 3 });
    const res = await send('PATCH', `/keyword-rules/${rule.id}`, { replies: [{ type: 'text', content: '新回复' }] });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await send('GET', `/keyword-rules/${rule.id}`)).json();
    expect(after).toMatchObject({ name: '部分', priority: 3, replies: [{ type: 'text', content: '新回复' }] });
    const invalid = await send('PATCH', `/keyword-rules/${rule.id}`, { priority: 'high', replyMode: 'sometimes' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['priority', 'replyMode']));
    expect((await send('PATCH', `/keyword-rules/${rule.id}`, {})).statusCode).toBe(400);
    expect((await send('PATCH', '/keyword-rules/999999', { name: 'x' })).statusCode).toBe(404);
  });

  it.each([
    ['/news', () => news('原标题', '通知'), { title: '新标题' }],
    ['/guides', () => guide('PATCH-1', '原名称'), { name: '新名称' }],
    ['/places', () => place('原地点', 'hospital', 23.1, 113.3), { name: '新地点' }],
    ['/appointment-services', () => hallBody({ code: 'PATCH1', name: '原窗口' }), { name: '新窗口' }],
  ])('when %s is patched then the change is kept and the rest stays', async (url, body, patch) => {
    const item = await created(url, body());
    const res = await send('PATCH', `${url}/${item.id}`, patch);
    expect(res.statusCode, res.body).toBe(200);
    const after = (await send('GET', `${url}/${item.id}`)).json();
    expect(after).toMatchObject(patch);
    const untouched = Object.keys(body()).find((k) => !(k in patch) && typeof (body() as Record<string, unknown>)[k] === 'string')!;
    expect(after[untouched]).toBe((body() as Record<string, unknown>)[untouched]);
  });

  it('when the OpenAPI document is read then every operation has a summary', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/admin/docs/json', headers: adminHeaders })).json();
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { summary?: string; responses?: object }>>)) {
      for (const [method, op] of Object.entries(ops)) if (!op.summary) missing.push(`${method} ${path}`);
    }
    expect(missing).toEqual([]);
  });
});
