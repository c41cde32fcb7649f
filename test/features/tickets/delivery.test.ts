import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen, customTexts, fileTicket } from './helpers.js';

const TEMPLATE_ID = 'tpl-ticket-status-0001';

describe('tickets: status notices to the citizen', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
    await a.put('/tickets/settings', { statusTemplateId: TEMPLATE_ID });
  });
  beforeEach(() => t.fake.reset());
  afterAll(async () => t.close());

  const newTicket = async (openId: string) => {
    const { ticketNo } = await fileTicket(citizen(t, openId), '我要咨询', `通知测试${openId}`);
    return { ticketNo, id: await a.idOf(ticketNo) };
  };
  /** As if the citizen's last message were more than 48 hours old. */
  const closeWindow = (openId: string) => t.kv.del(`window:default:${openId}`);
  const templates = () => t.fake.callsTo('/cgi-bin/message/template/send').map((c) => c.body as { touser: string; template_id: string; data: Record<string, { value: string }> });

  it('when the citizen wrote within 48 hours then a reply goes out as a customer-service message', async () => {
    const { id, ticketNo } = await newTicket('oNotifyIn001');
    const res = await a.post(`/tickets/${id}/reply`, { content: '可携带身份证到社保窗口办理。' });
    expect(res.body.notification).toEqual({ channel: 'custom', delivered: true });
    const [text] = customTexts(t, 'oNotifyIn001');
    expect(text).toContain(`工单号：${ticketNo}`);
    expect(text).toContain('可携带身份证到社保窗口办理。');
    expect(templates()).toEqual([]);
  });

  it('when a reply is as long as allowed then the notice still fits one customer-service message, and a longer one is refused', async () => {
    const { id } = await newTicket('oNotifyLong1');
    expect((await a.post(`/tickets/${id}/reply`, { content: '答'.repeat(601) })).body.error.field).toBe('content');
    await a.post(`/tickets/${id}/reply`, { content: '答'.repeat(600) });
    const [text] = customTexts(t, 'oNotifyLong1');
    expect(Buffer.byteLength(text!)).toBeLessThanOrEqual(2048);
    expect(text).toContain('答'.repeat(600));
  });

  it('when the 48-hour window has passed then the notice is a template message', async () => {
    const { id, ticketNo } = await newTicket('oNotifyOut01');
    await closeWindow('oNotifyOut01');
    const res = await a.post(`/tickets/${id}/assign`, { department: '示例区人力资源和社会保障局' });
    expect(res.body.notification).toMatchObject({ channel: 'template', delivered: true });
    expect(t.fake.callsTo('/cgi-bin/message/custom/send')).toEqual([]);
    const [sent] = templates();
    expect(sent).toMatchObject({ touser: 'oNotifyOut01', template_id: TEMPLATE_ID });
    expect(sent!.data.keyword1!.value).toBe(ticketNo);
    expect(sent!.data.keyword2!.value).toBe('办理中');
  });

  it.each([45015, 45047])('when WeChat answers %i to the customer-service message then the template carries the notice, with no retry', async (code) => {
    const openId = `oNotify${code}`;
    const { id } = await newTicket(openId);
    t.fake.respond((call) => (call.path === '/cgi-bin/message/custom/send' ? { json: { errcode: code, errmsg: 'response out of time limit' } } : undefined));
    const res = await a.post(`/tickets/${id}/reply`, { content: '已答复。' });
    expect(res.status).toBe(200);
    expect(res.body.notification).toMatchObject({ channel: 'template', delivered: true, reason: `WeChat error ${code}` });
    expect(t.fake.callsTo('/cgi-bin/message/custom/send')).toHaveLength(1);
    expect(templates()).toHaveLength(1);
    const events = (await a.get(`/tickets/${id}`)).body.events.filter((e: { action: string }) => e.action === 'notify');
    expect(events.at(-1)).toMatchObject({ visibility: 'internal', detail: { channel: 'template', delivered: true } });
  });

  it('when the template message fails too then the failure is recorded once and the action still succeeds', async () => {
    const { id } = await newTicket('oNotifyFail1');
    await closeWindow('oNotifyFail1');
    t.fake.respond((call) => (call.path === '/cgi-bin/message/template/send' ? { json: { errcode: 43004, errmsg: 'require subscribe' } } : undefined));
    const res = await a.post(`/tickets/${id}/reply`, { content: '答复内容' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('replied');
    expect(res.body.notification).toMatchObject({ channel: 'template', delivered: false });
    expect(templates()).toHaveLength(1);
  });

  it('when no status template is configured and the window has passed then nothing is sent and the reason is recorded', async () => {
    const second = admin(t, { authorization: `Bearer ${t.config.adminToken}`, 'x-account-id': 'default' });
    await second.put('/tickets/settings', { statusTemplateId: null });
    const { id } = await newTicket('oNotifyNoTpl');
    await closeWindow('oNotifyNoTpl');
    const res = await a.post(`/tickets/${id}/reply`, { content: '答复内容' });
    expect(res.body.notification).toMatchObject({ channel: 'none', delivered: false });
    expect(res.body.notification.reason).toContain('no status template');
    expect(t.fake.calls.filter((c) => c.path.startsWith('/cgi-bin/message/'))).toEqual([]);
    await a.put('/tickets/settings', { statusTemplateId: TEMPLATE_ID });
  });
});
