import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionKey } from '../../src/admin/session.store.js';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';

const ADMIN = { username: 'chief', password: 'chief-password-123' };

describe('console sign-in: sessions, CSRF, throttling, first-sign-in password change', () => {
  let t: TestApp;
  let ip = 0;
  /** Each test signs in from its own address, so address lock-outs stay within the test. */
  const nextIp = () => `10.0.0.${++ip}`;
  beforeAll(async () => {
    t = await createTestApp({ env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, PUBLIC_BASE_URL: 'https://gov.example.cn' } });
  });
  afterAll(async () => t.close());

  const login = (body: object, remoteAddress = '10.9.9.9') => t.app.inject({ method: 'POST', url: '/admin/api/auth/login', payload: body, remoteAddress });
  const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) => res.cookies.find((c) => c.name === 'wz_session')!.value;
  const signIn = async (body: object = ADMIN) => {
    const res = await login(body, nextIp());
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: cookieOf(res), csrf: res.json().csrfToken as string, body: res.json() };
  };
  const withSession = (cookie: string, csrf?: string) => ({ cookie: `wz_session=${cookie}`, ...(csrf ? { 'x-csrf-token': csrf } : {}) });
  const rule = { name: '会话规则', keywords: [{ text: '会话词', match: 'exact' }], replies: [{ type: 'text', content: '回复' }], replyMode: 'random' };

  it('when the bootstrap admin signs in then the cookie is HttpOnly, SameSite=Strict, Secure and /auth/me answers with a CSRF token', async () => {
    const res = await login(ADMIN, nextIp());
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'wz_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/admin/api' });
    expect(res.json()).toMatchObject({ operator: { id: null, username: 'chief', roles: ['admin'], superAdmin: true, mustChangePassword: false } });
    const me = await t.app.inject({ method: 'GET', url: '/admin/api/auth/me', headers: withSession(cookie.value) });
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(res.json().csrfToken);
    const list = await t.app.inject({ method: 'GET', url: '/admin/api/keyword-rules', headers: withSession(cookie.value) });
    expect(list.statusCode).toBe(200);
  });

  it('when the password is wrong then 401 INVALID_CREDENTIALS in Chinese and no cookie', async () => {
    const res = await login({ username: ADMIN.username, password: 'wrong-password' }, nextIp());
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect(res.cookies).toHaveLength(0);
  });

  it('when a username fails 5 times then it is locked with a retry time, even with the right password, and the failures are audited and counted', async () => {
    const name = 'locked.user';
    await t.app.inject({ method: 'POST', url: '/admin/api/operators', headers: adminHeaders, payload: { name: '锁定测试', username: name, password: 'initial-pass-1', roles: ['editor'] } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login({ username: name, password: `bad-${i}` }, nextIp())).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 429]);
    const locked = await login({ username: name, password: 'initial-pass-1' }, nextIp());
    expect(locked.statusCode).toBe(429);
    const body = locked.json();
    expect(body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(body.error.message).toMatch(/^登录失败次数过多，请于 \d\d:\d\d 后重试（约 1[45] 分钟）$/);
    expect(new Date(body.retryAt).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const audit = await t.db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'login-failed' AND actor = $1", [name]);
    expect(audit.rows[0].n).toBe(5);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/weizheng_auth_failures_total\{kind="login"\} \d+/);
  });

  it('when one address fails 5 times with different usernames then that address is locked', async () => {
    const addr = nextIp();
    for (let i = 0; i < 4; i++) expect((await login({ username: `nobody${i}`, password: 'x' }, addr)).statusCode).toBe(401);
    expect((await login({ username: 'nobody9', password: 'x' }, addr)).statusCode).toBe(429);
    expect((await login(ADMIN, addr)).statusCode).toBe(429);
  });

  it('when a cookie request changes something without the CSRF token then 403 CSRF_INVALID, and with it the change is made', async () => {
    const { cookie, csrf } = await signIn();
    const refused = await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: withSession(cookie), payload: rule });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CSRF_INVALID');
    const wrong = await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: withSession(cookie, 'x'.repeat(csrf.length)), payload: rule });
    expect(wrong.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: withSession(cookie, csrf), payload: rule });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('when a bearer token is used then no CSRF token is needed', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: adminHeaders, payload: { ...rule, name: '令牌规则', keywords: [{ text: '令牌词', match: 'exact' }] } });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('when the session has been idle past its deadline then it is refused, and a request before it slides the deadline', async () => {
    const { cookie } = await signIn();
    const key = sessionKey(cookie);
    const before = JSON.parse((await t.kv.get(key))!);
    before.idleUntil = Date.now() + 1000;
    await t.kv.set(key, JSON.stringify(before), 60_000);
    expect((await t.app.inject({ method: 'GET', url: '/admin/api/auth/me', headers: withSession(cookie) })).statusCode).toBe(200);
    const slid = JSON.parse((await t.kv.get(key))!);
    expect(slid.idleUntil).toBeGreaterThan(Date.now() + 29 * 60_000);
    slid.idleUntil = Date.now() - 1;
    await t.kv.set(key, JSON.stringify(slid), 60_000);
    const expired = await t.app.inject({ method: 'GET', url: '/admin/api/auth/me', headers: withSession(cookie) });
    expect(expired.statusCode).toBe(401);
    expect(await t.kv.get(key)).toBeNull();
  });

  it('when a session is signed out then its cookie no longer works', async () => {
    const { cookie, csrf } = await signIn();
    const out = await t.app.inject({ method: 'POST', url: '/admin/api/auth/logout', headers: withSession(cookie, csrf) });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/admin/api/auth/me', headers: withSession(cookie) })).statusCode).toBe(401);
  });

  it('when an operator signs in with the initial password then everything but the password change answers PASSWORD_CHANGE_REQUIRED until changed', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/admin/api/operators', headers: adminHeaders, payload: { name: '王编辑', username: 'Wang.Editor', password: 'initial-pass-1', roles: ['editor'] } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ username: 'Wang.Editor', mustChangePassword: true });
    const { cookie, csrf, body } = await signIn({ username: 'wang.editor', password: 'initial-pass-1' });
    expect(body.operator).toMatchObject({ id: created.json().id, mustChangePassword: true, roles: ['editor'] });
    const blocked = await t.app.inject({ method: 'GET', url: '/admin/api/keyword-rules', headers: withSession(cookie) });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const wrongCurrent = await t.app.inject({ method: 'POST', url: '/admin/api/auth/password', headers: withSession(cookie, csrf), payload: { currentPassword: 'nope', newPassword: 'a-new-password-9' } });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.field).toBe('currentPassword');
    const changed = await t.app.inject({ method: 'POST', url: '/admin/api/auth/password', headers: withSession(cookie, csrf), payload: { currentPassword: 'initial-pass-1', newPassword: 'a-new-password-9' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().operator.mustChangePassword).toBe(false);
    const renewed = cookieOf(changed);
    expect(renewed).not.toBe(cookie);
    expect((await t.app.inject({ method: 'GET', url: '/admin/api/keyword-rules', headers: withSession(renewed) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/admin/api/auth/me', headers: withSession(cookie) })).statusCode).toBe(401);
    const stored = await t.db.query('SELECT password_hash FROM operators WHERE id = $1', [created.json().id]);
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it.each([
    ['аdmin', 'Cyrillic а'],
    ['ChieF', 'the bootstrap admin in other case'],
    ['admin', 'the ADMIN_TOKEN name'],
    ['wang editor', 'a space'],
    ['ｗａｎｇ', 'full-width letters'],
  ])('when an operator username is %s (%s) then it is refused naming the field', async (username) => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/operators', headers: adminHeaders, payload: { name: `看似${username}`, username, password: 'initial-pass-1', roles: ['editor'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('username');
  });

  it('when a username differs from an existing one only by case then 409', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/admin/api/operators', headers: adminHeaders, payload: { name: '李一', username: 'li.yi', password: 'initial-pass-1', roles: ['editor'] } });
    expect(first.statusCode).toBe(201);
    const second = await t.app.inject({ method: 'POST', url: '/admin/api/operators', headers: adminHeaders, payload: { name: '李二', username: 'LI.YI', password: 'initial-pass-1', roles: ['editor'] } });
    expect(second.statusCode).toBe(409);
  });

  it('when an operator acts through a session then the audit entry carries its id and account', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/admin/api/operators', headers: adminHeaders, payload: { name: '审计员', username: 'auditee', password: 'initial-pass-1', roles: ['editor'] } });
    const id = created.json().id as number;
    const first = await signIn({ username: 'auditee', password: 'initial-pass-1' });
    const changed = await t.app.inject({ method: 'POST', url: '/admin/api/auth/password', headers: withSession(first.cookie, first.csrf), payload: { currentPassword: 'initial-pass-1', newPassword: 'audited-pass-12' } });
    const cookie = cookieOf(changed);
    const csrf = changed.json().csrfToken as string;
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: withSession(cookie, csrf), payload: { ...rule, name: '审计规则', keywords: [{ text: '审计词', match: 'exact' }] } });
    expect(res.statusCode, res.body).toBe(201);
    const { rows } = await t.db.query("SELECT actor, actor_id, actor_account FROM audit_log WHERE resource = 'keyword-rule' AND action = 'create' ORDER BY id DESC LIMIT 1");
    expect(rows[0]).toEqual({ actor: '审计员', actor_id: id, actor_account: 'default' });
  });
});

describe('bearer tokens: brute force', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('when one address sends 20 wrong tokens then it gets 429 with a retry time, even with the right token, and the failures are counted', async () => {
    const call = (token: string, remoteAddress: string) => t.app.inject({ method: 'GET', url: '/admin/api/keyword-rules', headers: { authorization: `Bearer ${token}` }, remoteAddress });
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) codes.push((await call(`wrong-${i}`, '10.1.1.1')).statusCode);
    expect(codes.slice(0, 19).every((c) => c === 401)).toBe(true);
    expect(codes[19]).toBe(429);
    const locked = await call(adminHeaders.authorization.slice('Bearer '.length), '10.1.1.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toMatch(/认证失败次数过多，请于 \d\d:\d\d 后重试/);
    expect((await call(adminHeaders.authorization.slice('Bearer '.length), '10.1.1.2')).statusCode).toBe(200);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/weizheng_auth_failures_total\{kind="bearer"\} 20/);
  });
});

describe('console sign-in behind a reverse proxy (TRUST_PROXY)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, TRUST_PROXY: 'true' } });
  });
  afterAll(async () => t.close());

  it('when one client behind the proxy is locked out then another client of the same proxy still signs in', async () => {
    const login = (body: object, client: string) =>
      t.app.inject({ method: 'POST', url: '/admin/api/auth/login', payload: body, remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < 5; i++) await login({ username: `ghost${i}`, password: 'x' }, '203.0.113.7');
    expect((await login(ADMIN, '203.0.113.7')).statusCode).toBe(429);
    expect((await login(ADMIN, '198.51.100.9')).statusCode).toBe(200);
  });
});
