import { afterEach, describe, expect, it } from 'vitest';
import { createWechatApiFactory } from '../../src/infra/wechat/client.js';
import { redactSecrets } from '../../src/infra/wechat/redact.js';
import { captureLogs } from '../faults/support/log-capture.js';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';

/** Issue 15, finding 3: the AppSecret travels in cgi-bin/token's query string, the access_token in every other. */
const SECRET = 'S3cretAppSecretValue0123456789ab';
const MENU = { button: [{ type: 'click', name: '办事', key: 'keyword:办事' }] };

describe('no AppSecret or access_token in responses, logs or stored events', () => {
  let t: TestApp | undefined;
  let logs: ReturnType<typeof captureLogs>;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const start = async () => {
    logs = captureLogs('trace');
    t = await createTestApp({ log: logs.log, env: { WECHAT_APPSECRET: SECRET }, wechatBackoffMs: 5 });
    const put = await t.app.inject({ method: 'PUT', url: '/admin/api/menu', headers: adminHeaders, payload: MENU });
    expect(put.statusCode, put.body).toBe(200);
    return t;
  };
  const publish = (app: TestApp) => app.app.inject({ method: 'POST', url: '/admin/api/menu/publish', headers: adminHeaders });
  const storedEvents = async (app: TestApp) => JSON.stringify((await app.db.query('SELECT * FROM audit_log')).rows);
  const tokensIssued = (app: TestApp) => app.fake.calls.filter((c) => c.path === '/cgi-bin/token').map((_, i) => `TOKEN_${i + 1}`);

  it('when WeChat cannot be reached (connection refused) then publishing says 无法连接微信服务器 and shows no secret anywhere', async () => {
    const app = await start();
    await app.fake.stop();
    const res = await publish(app);
    expect(res.statusCode).toBe(502);
    const { error } = res.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('WECHAT_UNREACHABLE');
    expect(error.message).toContain('无法连接微信服务器');
    expect(error.message).not.toContain('系统繁忙');
    for (const text of [res.body, logs.lines.join('\n'), await storedEvents(app)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/secret=|access_token=/i);
    }
  });

  it('when WeChat answers an errcode that echoes the token then the operator sees the code but neither the token nor the secret', async () => {
    const app = await start();
    app.fake.respond((call) =>
      call.path === '/cgi-bin/menu/create'
        ? { json: { errcode: 40016, errmsg: `invalid button size, token ${call.query.access_token} url access_token=${call.query.access_token}` } }
        : undefined,
    );
    const res = await publish(app);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toContain('40016');
    const tokens = tokensIssued(app);
    expect(tokens.length).toBeGreaterThan(0);
    for (const text of [res.body, logs.lines.join('\n'), await storedEvents(app)]) {
      expect(text).not.toContain(SECRET);
      for (const token of tokens) expect(text).not.toContain(token);
    }
  });

  it('when cgi-bin/token refuses the AppSecret then the error names the code without the secret', async () => {
    const app = await start();
    app.fake.respond((call) => (call.path === '/cgi-bin/token' ? { json: { errcode: 40125, errmsg: `invalid appsecret ${call.query.secret}` } } : undefined));
    const res = await publish(app);
    expect(res.statusCode).toBe(502);
    expect(res.json().error.message).toContain('40125');
    for (const text of [res.body, logs.lines.join('\n'), await storedEvents(app)]) expect(text).not.toContain(SECRET);
  });

  it('when a media id holds URL syntax then it reaches WeChat as one encoded query value', async () => {
    t = await createTestApp();
    t.fake.respond((call) => (call.path === '/cgi-bin/media/get' ? { body: Buffer.from('x'), contentType: 'image/jpeg' } : undefined));
    const api = createWechatApiFactory({ apiBase: t.fake.baseUrl, kv: t.kv, log: captureLogs().log }).forAccount({ accountId: 'default', appId: 'wxmediaid000001', appSecret: SECRET });
    await api.getMedia('m1&access_token=stolen#x');
    const [call] = t.fake.callsTo('/cgi-bin/media/get');
    expect(call?.query.media_id).toBe('m1&access_token=stolen#x');
    expect(call?.query.access_token).toMatch(/^TOKEN_/);
  });

  it('when text holds credentials in query strings then they are redacted', () => {
    expect(redactSecrets('GET /cgi-bin/token?grant_type=client_credential&appid=wx1&secret=abc123 failed')).toBe(
      'GET /cgi-bin/token?grant_type=client_credential&appid=wx1&secret=*** failed',
    );
    expect(redactSecrets('x?access_token=T0KEN99&media_id=1 and T0KEN99 again', ['T0KEN99'])).toBe('x?access_token=***&media_id=1 and *** again');
  });
});
