import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('tenants: accounts are managed by the super-admin only', () => {
  let t: TestApp;
  let accountAdmin: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    const second = { id: 'second', name: '第二个号', appId: 'wx000000000second', appSecret: 'second-secret', token: 'secondtoken' };
    expect((await call('POST', '/accounts', adminHeaders, second)).statusCode).toBe(201);
    const op = await call('POST', '/operators', adminHeaders, { name: '本号管理员', roles: ['admin'] });
    expect(op.statusCode).toBe(201);
    accountAdmin = bearer(op.json().token as string);
  });
  afterAll(async () => t.close());

  function call(method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) {
    return t.app.inject({ method, url: `/admin/api${url}`, headers, ...(payload ? { payload } : {}) });
  }
  const newAccount = { id: 'intruder', name: '冒名号', appId: 'wx00000000intrud', appSecret: 'intruder-secret', token: 'intrudertoken' };

  it("when an account's admin lists accounts then 403, and no other account's name or appId is shown", async () => {
    const res = await call('GET', '/accounts', accountAdmin);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect(res.body).not.toContain('第二个号');
    expect(res.body).not.toContain('wx000000000second');
  });

  it("when an account's admin creates an account then 403 and nothing is stored", async () => {
    const res = await call('POST', '/accounts', accountAdmin, newAccount);
    expect(res.statusCode).toBe(403);
    const { rows } = await t.db.query('SELECT id FROM accounts WHERE id = $1', ['intruder']);
    expect(rows).toEqual([]);
  });

  it("when an account's admin names another account in X-Account-Id then 403, while its own account still answers", async () => {
    const other = await call('GET', '/operators', { ...accountAdmin, 'x-account-id': 'second' });
    expect(other.statusCode).toBe(403);
    expect((await call('GET', '/keyword-rules', { ...accountAdmin, 'x-account-id': 'second' })).statusCode).toBe(403);
    expect((await call('GET', '/operators', accountAdmin)).statusCode).toBe(200);
    expect((await call('GET', '/keyword-rules', accountAdmin)).statusCode).toBe(200);
  });

  it('when the super-admin (ADMIN_TOKEN) lists and creates accounts then both succeed', async () => {
    const listed = await call('GET', '/accounts', adminHeaders);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(['default', 'second']));
    const created = await call('POST', '/accounts', adminHeaders, { ...newAccount, id: 'third' });
    expect(created.statusCode).toBe(201);
  });
});
