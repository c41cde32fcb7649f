import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('admin API: operators, tokens and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url: `/admin/api${url}`, headers, ...(payload ? { payload } : {}) });
  const create = async (name: string, roles: string[], department?: string, headers = adminHeaders) => {
    const res = await call('POST', '/operators', headers, { name, roles, ...(department ? { department } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; token: string; name: string };
  };
  const rule = { name: '规则', keywords: [{ text: '测试词', match: 'exact' }], replies: [{ type: 'text', content: '回复' }], replyMode: 'random' };

  it('when an operator is created then its token is returned once and only its SHA-256 is stored', async () => {
    const res = await call('POST', '/operators', adminHeaders, { name: '刘编辑', roles: ['editor'] });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ name: '刘编辑', roles: ['editor'], department: null, disabled: false, createdBy: 'admin' });
    expect(body.token).toMatch(/^wzo_[A-Za-z0-9_-]{43}$/);
    const { rows } = await t.db.query('SELECT token_hash FROM operators WHERE id = $1', [body.id]);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(body.token).digest('hex'));
    const listed = await call('GET', '/operators', adminHeaders);
    expect(JSON.stringify(listed.json())).not.toContain(body.token);
    expect(listed.json().items.map((o: { name: string }) => o.name)).toContain('刘编辑');
    const audit = await t.db.query("SELECT actor, action FROM audit_log WHERE resource = 'operator' AND resource_id = $1", [String(body.id)]);
    expect(audit.rows).toEqual([{ actor: 'admin', action: 'create' }]);
  });

  it.each([
    [{ name: '甲', roles: ['boss'] }, 'roles[0]'],
    [{ name: '甲', roles: [] }, 'roles'],
    [{ roles: ['editor'] }, 'name'],
    [{ name: '乙', roles: ['handler'] }, 'department'],
    [{ name: 'admin', roles: ['editor'] }, 'name'],
  ])('when the operator body is invalid (%#) then 400 naming the field', async (payload, field) => {
    const res = await call('POST', '/operators', adminHeaders, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe(field);
  });

  it('when a name is taken in the account then 409', async () => {
    await create('重名', ['editor']);
    expect((await call('POST', '/operators', adminHeaders, { name: '重名', roles: ['editor'] })).statusCode).toBe(409);
  });

  it('when an editor works then content routes answer and ticket, operator and account routes are refused with 403', async () => {
    const editor = bearer((await create('内容编辑', ['editor'])).token);
    const created = await call('POST', '/keyword-rules', editor, rule);
    expect(created.statusCode).toBe(201);
    const audit = await t.db.query("SELECT actor FROM audit_log WHERE resource = 'keyword-rule' AND resource_id = $1", [String(created.json().id)]);
    expect(audit.rows[0].actor).toBe('内容编辑');
    expect((await call('GET', '/calendar', editor)).statusCode).toBe(200);
    for (const url of ['/tickets', '/operators', '/accounts']) {
      const res = await call('GET', url, editor);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.message).toContain('needs admin');
    }
  });

  it('when a handler works then tickets answer and content routes are refused with 403 naming the roles needed', async () => {
    const handler = bearer((await create('处理员', ['handler'], '示例区民政局')).token);
    expect((await call('GET', '/tickets', handler)).statusCode).toBe(200);
    const res = await call('GET', '/keyword-rules', handler);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'FORBIDDEN' });
    expect(res.json().error.message).toContain('admin or editor');
    expect((await call('PUT', '/tickets/settings', handler, { departments: ['x'] })).statusCode).toBe(403);
    expect((await call('POST', '/operators', handler, { name: '越权', roles: ['admin'] })).statusCode).toBe(403);
  });

  it('when an operator has the admin role then it may manage operators, and what it creates is recorded under its name', async () => {
    const boss = bearer((await create('主任', ['admin'])).token);
    const made = await create('新编辑', ['editor'], undefined, boss);
    expect((await call('GET', '/operators', boss)).json().items.find((o: { id: number }) => o.id === made.id)).toMatchObject({ createdBy: '主任' });
    expect((await call('GET', '/keyword-rules', boss)).statusCode).toBe(200);
  });

  it('when an operator is disabled or its token rotated then the old token is refused with 401', async () => {
    const op = await create('临时工', ['editor']);
    expect((await call('GET', '/keyword-rules', bearer(op.token))).statusCode).toBe(200);
    const rotated = await call('POST', `/operators/${op.id}/token`, adminHeaders);
    const fresh = rotated.json().token as string;
    expect((await call('GET', '/keyword-rules', bearer(op.token))).statusCode).toBe(401);
    expect((await call('GET', '/keyword-rules', bearer(fresh))).statusCode).toBe(200);
    expect((await call('POST', `/operators/${op.id}/disable`, adminHeaders)).json()).toMatchObject({ disabled: true });
    expect((await call('GET', '/keyword-rules', bearer(fresh))).statusCode).toBe(401);
    expect((await call('POST', '/operators/999999/disable', adminHeaders)).statusCode).toBe(404);
  });

  it('when a token is unknown or an operator names another account then 401 or 403, while ADMIN_TOKEN still reaches any account', async () => {
    expect((await call('GET', '/tickets', bearer('wzo_not-a-real-token'))).statusCode).toBe(401);
    const op = await create('本号编辑', ['editor']);
    await call('POST', '/accounts', adminHeaders, { id: 'second', name: '第二个号', appId: 'wx000000000second', appSecret: 'second-secret', token: 'secondtoken' });
    const res = await call('GET', '/keyword-rules', { ...bearer(op.token), 'x-account-id': 'second' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('belongs to account "default"');
    expect((await call('GET', '/keyword-rules', { ...bearer(op.token), 'x-account-id': 'default' })).statusCode).toBe(200);
    expect((await call('GET', '/keyword-rules', { ...adminHeaders, 'x-account-id': 'second' })).statusCode).toBe(200);
    expect((await call('GET', '/operators', { ...adminHeaders, 'x-account-id': 'second' })).json().items).toEqual([]);
  });
});
