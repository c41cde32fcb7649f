import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { api, operator } from '../../helpers/reach.js';

const SENDALL = '/cgi-bin/message/mass/sendall';
const warning = { title: '台风“示例”将于今夜登陆', level: '橙色', area: '示例区沿海各街道', advice: '请减少外出，远离广告牌和临时搭建物。' };

describe('emergency warning broadcast', () => {
  let t: TestApp;
  let duty: string;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
    duty = await operator(t, '应急值班员', ['emergency']);
    editor = await operator(t, '内容编辑', ['editor']);
    t.fake.respond((call) => (call.path === SENDALL ? { json: { errcode: 0, errmsg: 'send job submission success', msg_id: 1000000601 } } : undefined));
    // Approval is on: a warning still needs none.
    await api(t, 'PUT', '/broadcasts/settings', { approvalRequired: true, accountType: 'service' });
  });
  afterAll(async () => t.close());

  it('when an emergency operator fills the warning template and confirms then it goes to all followers in two steps, without approval, audited', async () => {
    const composed = await api(t, 'POST', '/emergency-broadcasts', warning, duty);
    expect(composed.statusCode, composed.body).toBe(201);
    const c = composed.json() as { id: number; status: string; text: string; send: string; emergency: boolean };
    expect(c).toMatchObject({ status: 'ready', emergency: true, send: `/admin/api/emergency-broadcasts/${c.id}/send` });
    expect(c.text).toContain('【橙色预警】台风“示例”将于今夜登陆');
    expect(c.text).toContain('影响区域：示例区沿海各街道');
    expect(c.text).toContain('咨询电话：12345');
    expect(t.fake.callsTo(SENDALL)).toHaveLength(0);

    const sent = await api(t, 'POST', `/emergency-broadcasts/${c.id}/send`, undefined, duty);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'sent', msgId: '1000000601' });
    const calls = t.fake.callsTo(SENDALL);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ filter: { is_to_all: true }, msgtype: 'text', text: { content: c.text } });

    const audit = await t.db.query("SELECT action, actor FROM audit_log WHERE resource = 'emergency-broadcast' AND resource_id = $1 ORDER BY id", [String(c.id)]);
    expect(audit.rows).toEqual([
      { action: 'compose', actor: '应急值班员' },
      { action: 'send', actor: '应急值班员' },
    ]);
  });

  it('when the demo content is loaded then the warning template and the 应急 news category are there', async () => {
    const template = (await api(t, 'GET', '/emergency-broadcasts/template', undefined, duty)).json() as { format: string; hotline: string };
    for (const field of ['{title}', '{level}', '{area}', '{advice}', '{hotline}']) expect(template.format).toContain(field);
    const { rows } = await t.db.query("SELECT count(*)::int AS n FROM news_items WHERE account_id = 'default' AND category = '应急'");
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('when an editor tries to send a warning then it is refused', async () => {
    expect((await api(t, 'POST', '/emergency-broadcasts', warning, editor)).statusCode).toBe(403);
  });

  it('when a warning misses its area then the 400 names the field', async () => {
    const res = await api(t, 'POST', '/emergency-broadcasts', { ...warning, area: undefined }, duty);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('area');
  });
});
