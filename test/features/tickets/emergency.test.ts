import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cstDate } from '../../../src/calendar/dates.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen, operatorHeaders } from './helpers.js';

/** A stand-in for the duty desk's alert endpoint. */
class AlertSink {
  readonly received: Array<{ contentType: string; body: Record<string, unknown> }> = [];
  status = 200;
  private server?: Server;
  get url() {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/alert`;
  }
  async start() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ contentType: String(req.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.statusCode = this.status;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }
  async waitFor(n: number) {
    const deadline = Date.now() + 8000;
    while (this.received.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.received;
  }
  stop() {
    return new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

describe('tickets: 应急 (emergency) tickets', () => {
  let t: TestApp;
  let sink: AlertSink;
  let a: ReturnType<typeof admin>;
  beforeAll(async () => {
    sink = await new AlertSink().start();
    t = await createTestApp({ env: { ALERT_WEBHOOK_URL: sink.url } });
    a = admin(t);
  });
  beforeEach(() => {
    sink.received.length = 0;
    sink.status = 200;
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const fileEmergency = async (openId: string, content: string, told: RegExp = /已通知值班人员/) => {
    const c = citizen(t, openId);
    expect(await c.click('ticket:应急')).toContain('110');
    await c.say(content);
    await c.location(23.1291, 113.2644, '示例区示例河堤');
    await c.say('完成');
    await c.say('赵六 13700001111');
    const reply = await c.say('1');
    expect(reply).toMatch(told);
    return /工单号：(\d{11})/.exec(reply)![1]!;
  };

  it('when an 应急 ticket is filed then an alert is POSTed at once as JSON, without the reporter\'s contact, and it is due the same day', async () => {
    const ticketNo = await fileEmergency('oEmergency01', '河堤出现管涌，有群众被困');
    const [alert] = await sink.waitFor(1);
    expect(alert!.contentType).toBe('application/json');
    expect(alert!.body).toMatchObject({ type: 'ticket.emergency', account: 'default', ticketNo, category: '应急', summary: '河堤出现管涌，有群众被困' });
    expect(alert!.body.location).toMatchObject({ label: '示例区示例河堤' });
    expect(JSON.stringify(alert!.body)).not.toContain('13700001111');
    expect(JSON.stringify(alert!.body)).not.toContain('赵六');
    const ticket = (await a.get(`/tickets/${await a.idOf(ticketNo)}`)).body;
    expect(ticket.dueDate).toBe(cstDate(new Date()));
    const deadline = Date.now() + 3000;
    let events: Array<{ action: string; visibility: string }> = [];
    while (Date.now() < deadline && !events.some((e) => e.action === 'alert_sent')) {
      events = (await a.get(`/tickets/${ticket.id}`)).body.events;
    }
    expect(events.find((e) => e.action === 'alert_sent')).toMatchObject({ visibility: 'internal' });
  });

  it('when the alert endpoint fails then it is tried three times and the failure is recorded on the ticket', async () => {
    sink.status = 500;
    // The citizen is told the truth: the alert failed (or is not confirmed yet), never that it was sent.
    const ticketNo = await fileEmergency('oEmergency02', '路面塌陷', /^(?![\s\S]*已通知值班人员)[\s\S]*(通知值班人员失败|尚未确认送达)[\s\S]*$/);
    await sink.waitFor(3);
    const id = await a.idOf(ticketNo);
    const deadline = Date.now() + 5000;
    let failed: { detail: { attempts: number } } | undefined;
    while (!failed && Date.now() < deadline) {
      failed = (await a.get(`/tickets/${id}`)).body.events.find((e: { action: string }) => e.action === 'alert_failed');
      if (!failed) await new Promise((r) => setTimeout(r, 50));
    }
    expect(sink.received).toHaveLength(3);
    expect(failed?.detail.attempts).toBe(3);
  });

  it('when operators list tickets then only emergency operators and admins see 应急 tickets', async () => {
    const ticketNo = await fileEmergency('oEmergency03', '燃气泄漏');
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/assign`, { department: '示例区应急管理局' });
    const duty = admin(t, await operatorHeaders(t, '值班员', ['emergency']));
    const handler = admin(t, await operatorHeaders(t, '应急局处理员', ['handler'], '示例区应急管理局'));
    const editor = admin(t, await operatorHeaders(t, '编辑', ['editor']));
    expect((await duty.get('/tickets')).body.items.map((i: { ticketNo: string }) => i.ticketNo)).toContain(ticketNo);
    expect((await duty.get(`/tickets/${id}`)).status).toBe(200);
    expect((await duty.post(`/tickets/${id}/reply`, { content: '已派员处置。' })).status).toBe(200);
    expect((await handler.get('/tickets')).body.items.map((i: { ticketNo: string }) => i.ticketNo)).not.toContain(ticketNo);
    expect((await handler.get(`/tickets/${id}`)).status).toBe(404);
    expect((await editor.get('/tickets')).status).toBe(403);

    // An emergency operator sees nothing but 应急.
    const other = citizen(t, 'oEmergency04');
    await other.say('我要咨询');
    await other.say('普通咨询');
    await other.say('完成');
    await other.say('1');
    const normalNo = /工单号：(\d{11})/.exec(await other.say('1'))![1]!;
    const normalId = await a.idOf(normalNo);
    expect((await duty.get('/tickets')).body.items.every((i: { category: string }) => i.category === '应急')).toBe(true);
    expect((await duty.get(`/tickets/${normalId}`)).status).toBe(404);
  });
});
