import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { guide, news, place, post } from './content-helpers.js';

describe('content admin API: validation, auth, filters, audit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const send = (method: 'POST' | 'PUT' | 'GET' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = adminHeaders) =>
    t.app.inject({ method, url, headers, payload: payload as object });

  it('when the bearer token is missing or wrong then every content route answers 401', async () => {
    for (const url of ['/admin/api/news', '/admin/api/guides', '/admin/api/places', '/admin/api/search/synonyms', '/admin/api/search/unmatched']) {
      expect((await send('GET', url, undefined, {})).statusCode, url).toBe(401);
      expect((await send('GET', url, undefined, { authorization: 'Bearer nope' })).statusCode, url).toBe(401);
    }
  });

  it.each([
    ['/admin/api/news', { ...news('t', 'c'), title: undefined }, 'title'],
    ['/admin/api/news', { ...news('t', 'c'), status: 'live' }, 'status'],
    ['/admin/api/news', { ...news('t', 'c'), coverUrl: 'javascript:alert(1)' }, 'coverUrl'],
    ['/admin/api/news', { ...news('t', 'c'), publishedAt: 'yesterday' }, 'publishedAt'],
    ['/admin/api/guides', { ...guide('C-1', 'n'), department: undefined }, 'department'],
    ['/admin/api/guides', { ...guide('C 1', 'n') }, 'code'],
    ['/admin/api/guides', { ...guide('C-1', 'n'), materials: [{ required: true }] }, 'materials[0].name'],
    ['/admin/api/guides', { ...guide('C-1', 'n'), timeLimit: { promised: 'soon' } }, 'timeLimit.promised'],
    ['/admin/api/guides', { ...guide('C-1', 'n'), timeLimit: { promised: 40, statutory: 30 } }, 'timeLimit.promised'],
    ['/admin/api/guides', { ...guide('C-1', 'n'), forms: [{ name: 'f', url: 'ftp://x' }] }, 'forms[0].url'],
    ['/admin/api/guides', { ...guide('C-1', 'n'), locations: [{ name: 'a', address: 'b', lat: 30 }] }, 'locations[0].lng'],
    ['/admin/api/places', { ...place('p', 'hospital', 30, 120), kind: '医院' }, 'kind'],
    ['/admin/api/places', { ...place('p', 'hospital', 95, 120) }, 'lat'],
    ['/admin/api/places', { ...place('p', 'hospital', 30, null) }, 'lng'],
    ['/admin/api/search/synonyms', { terms: ['户口'] }, 'terms'],
    ['/admin/api/search/synonyms', { terms: ['户口', '戶口'] }, 'terms[1]'],
  ])('when %s gets an invalid body (%#) then 400 names the field', async (url, payload, field) => {
    const res = await send('POST', url, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.field).toBe(field);
  });

  it('when text holds NUL or a lone surrogate, or an id is past what the database stores, then 400 naming the field, never 500', async () => {
    const nul = await send('POST', '/admin/api/news', news('标题\u0000', '政策速递'));
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.field).toBe('title');
    const surrogate = await send('POST', '/admin/api/guides', guide('S-1', '事项', { materials: [{ name: 'a\ud800' }] }));
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json().error.field).toBe('materials[0].name');
    expect((await send('GET', '/admin/api/places?q=%00')).statusCode).toBe(400);
    for (const id of ['9223372036854775808', '99999999999999999999']) {
      expect((await send('GET', `/admin/api/guides/${id}`)).statusCode).toBe(400);
    }
    expect((await send('GET', '/admin/api/guides/2147483648')).statusCode).toBe(404);
  });

  it('when news is created, updated and deleted then each change is audited and the list filters by category, status, q and page', async () => {
    const a = await post(t, '/admin/api/news', news('社保新政', '政策速递'));
    await post(t, '/admin/api/news', news('医保通知', '通知公告', { status: 'draft' }));
    await post(t, '/admin/api/news', news('社保讲座', '本地新闻'));
    const list = async (qs: string) => (await send('GET', `/admin/api/news?${qs}`)).json() as { items: Array<{ title: string }>; total: number };
    expect((await list(`category=${encodeURIComponent('政策速递')}`)).items.map((n) => n.title)).toEqual(['社保新政']);
    expect((await list('status=draft')).items.map((n) => n.title)).toEqual(['医保通知']);
    expect((await list(`q=${encodeURIComponent('社保')}`)).total).toBe(2);
    expect((await list('pageSize=1&page=2')).items).toHaveLength(1);
    expect((await send('PUT', `/admin/api/news/${a.id}`, news('社保新政（修订）', '政策速递'))).json().title).toBe('社保新政（修订）');
    expect((await send('DELETE', `/admin/api/news/${a.id}`)).statusCode).toBe(204);
    expect((await send('GET', `/admin/api/news/${a.id}`)).statusCode).toBe(404);
    const { rows } = await t.db.query("SELECT action FROM audit_log WHERE resource = 'news' AND resource_id = $1 ORDER BY id", [String(a.id)]);
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
  });

  it('when a guide code is reused then 409; an update bumps the version; unknown fields are dropped', async () => {
    const g = await post(t, '/admin/api/guides', { ...guide('DUP-1', '事项'), secret: 'x' });
    expect(g.version).toBe(1);
    expect(g).not.toHaveProperty('secret');
    expect((await send('POST', '/admin/api/guides', guide('DUP-1', '另一个'))).statusCode).toBe(409);
    const updated = await send('PUT', `/admin/api/guides/${g.id}`, guide('DUP-1', '事项（新版）'));
    expect(updated.json()).toMatchObject({ version: 2, name: '事项（新版）' });
    expect((await send('PUT', '/admin/api/guides/999999', guide('X-1', 'x'))).statusCode).toBe(404);
  });

  it('when an unknown account is named then 404; content of another account is invisible', async () => {
    expect((await send('GET', '/admin/api/guides', undefined, { ...adminHeaders, 'x-account-id': 'ghost' })).statusCode).toBe(404);
    const p = await post(t, '/admin/api/places', place('大厅', 'hall', 30, 120));
    await post(t, '/admin/api/accounts', { id: 'other', name: '其他', appId: 'wx0000000000other', appSecret: 'secret-other', token: 'othertoken' });
    expect((await send('GET', `/admin/api/places/${p.id}`, undefined, { ...adminHeaders, 'x-account-id': 'other' })).statusCode).toBe(404);
  });
});
