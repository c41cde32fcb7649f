import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';

const valid = { name: '热线', keywords: [{ text: '热线', match: 'exact' }], replies: [{ type: 'text', content: '12345' }], replyMode: 'random' };

describe('admin API: keyword rules validation, auth and audit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const post = (payload: unknown, headers: Record<string, string> = adminHeaders) =>
    t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers, payload: payload as object });

  it('when the token is missing or wrong then 401', async () => {
    expect((await post(valid, {})).statusCode).toBe(401);
    expect((await post(valid, { authorization: 'Bearer wrong' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/admin/api/keyword-rules', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
  });

  it.each([
    [{ ...valid, name: undefined }, 'name'],
    [{ ...valid, keywords: [] }, 'keywords'],
    [{ ...valid, keywords: [{ text: '热线', match: 'fuzzy' }] }, 'keywords[0].match'],
    [{ ...valid, replyMode: 'sometimes' }, 'replyMode'],
    [{ ...valid, replies: [{ type: 'news', title: 't' }] }, 'replies[0].url'],
    [{ ...valid, replies: [{ type: 'video', mediaId: 'm' }] }, 'replies[0].type'],
    [{ ...valid, priority: 1.5 }, 'priority'],
    [{ ...valid, keywords: [{ text: '([unclosed', match: 'regex' }] }, 'keywords[0].text'],
    [{ ...valid, activeFrom: '2026-02-01T00:00:00Z', activeTo: '2026-01-01T00:00:00Z' }, 'activeTo'],
  ])('when the body is invalid (%#) then 400 naming the field', async (payload, field) => {
    const res = await post(payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.field).toBe(field);
    expect(res.json().error.code).toBe('VALIDATION');
  });

  it('when a body is not JSON then 400, never 500', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: { ...adminHeaders, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(res.statusCode).toBe(400);
  });

  it('when a rule is created, updated and deleted then each change is in the audit log with who and when', async () => {
    const created = (await post(valid)).json() as { id: number };
    await t.app.inject({ method: 'PUT', url: `/admin/api/keyword-rules/${created.id}`, headers: adminHeaders, payload: { ...valid, name: '热线2' } });
    await t.app.inject({ method: 'DELETE', url: `/admin/api/keyword-rules/${created.id}`, headers: adminHeaders });
    const { rows } = await t.db.query('SELECT actor, action, resource, created_at FROM audit_log WHERE resource_id = $1 ORDER BY id', [String(created.id)]);
    expect(rows.map((r) => [r.actor, r.action, r.resource])).toEqual([
      ['admin', 'create', 'keyword-rule'],
      ['admin', 'update', 'keyword-rule'],
      ['admin', 'delete', 'keyword-rule'],
    ]);
    expect(rows[0].created_at).toBeInstanceOf(Date);
  });

  it('when an unknown id or account is used then 404', async () => {
    expect((await t.app.inject({ method: 'PUT', url: '/admin/api/keyword-rules/999999', headers: adminHeaders, payload: valid })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/admin/api/keyword-rules', headers: { ...adminHeaders, 'x-account-id': 'ghost' } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/admin/api/keyword-rules/abc', headers: adminHeaders })).statusCode).toBe(400);
  });

  it('when an account is stored then its AppSecret is encrypted at rest and still works', async () => {
    const account = { id: 'liwan', name: '荔湾政务', appId: 'wxliwan0000000001', appSecret: 'liwan-app-secret-1', token: 'liwantoken' };
    expect((await t.app.inject({ method: 'POST', url: '/admin/api/accounts', headers: adminHeaders, payload: account })).statusCode).toBe(201);
    const { rows } = await t.db.query('SELECT app_secret FROM accounts WHERE id = $1', ['liwan']);
    expect(rows[0].app_secret).not.toContain('liwan-app-secret-1');
    expect(rows[0].app_secret).toMatch(/^v1:/);
    // The secret is usable: an outbound call for this account asks WeChat for a token with it.
    const send = await t.app.inject({ method: 'GET', url: '/admin/api/menu/remote', headers: { ...adminHeaders, 'x-account-id': 'liwan' } });
    expect(send.statusCode).toBeLessThan(500);
    const tokenCalls = t.fake.callsTo('/cgi-bin/token').filter((c) => c.query.appid === 'wxliwan0000000001');
    expect(tokenCalls.at(-1)?.query.secret ?? 'no token call').toBe('liwan-app-secret-1');
  });

  it('when an account is created twice or with a bad AES key then it is refused', async () => {
    const account = { id: 'nansha', name: '南沙发布', appId: 'wxnansha000000001', appSecret: 'nansha-secret', token: 'nanshatoken' };
    expect((await t.app.inject({ method: 'POST', url: '/admin/api/accounts', headers: adminHeaders, payload: account })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: '/admin/api/accounts', headers: adminHeaders, payload: account })).statusCode).toBe(409);
    const bad = await t.app.inject({ method: 'POST', url: '/admin/api/accounts', headers: adminHeaders, payload: { ...account, id: 'other', encodingAesKey: 'short' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('encodingAesKey');
  });

  it('when the OpenAPI document is requested then it lists the contract routes', async () => {
    const doc = (await t.app.inject({ url: '/admin/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/admin/api/keyword-rules', '/admin/api/keyword-rules/{id}', '/admin/api/auto-replies/default', '/admin/api/auto-replies/subscribe', '/admin/api/accounts']));
  });
});
