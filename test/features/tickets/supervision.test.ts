import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, cstDate } from '../../../src/calendar/dates.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen, fileTicket, operatorHeaders } from './helpers.js';

const DEPT = '示例区市场监督管理局';

/** The alert webhook's receiving end. */
async function sink() {
  const received: Array<Record<string, unknown>> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alert`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('tickets: supervision (督办) notices', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  let hook: Awaited<ReturnType<typeof sink>>;
  const today = cstDate(new Date());
  beforeAll(async () => {
    hook = await sink();
    t = await createTestApp({ env: { ALERT_WEBHOOK_URL: hook.url } });
    a = admin(t);
    await a.put('/tickets/settings', { departments: [DEPT] });
  });
  afterAll(async () => {
    await t.close();
    await hook.stop();
  });

  it('when a ticket is overdue then its department’s handler bound to WeChat gets a template message and the alert webhook gets a notice, once', async () => {
    expect((await a.put('/tickets/supervision/settings', { dueSoonDays: 1, digestHour: 8, noticeTemplateId: 'TPL-SUPERVISE' })).status).toBe(200);
    const handlerHeaders = await operatorHeaders(t, '周科长', ['handler'], DEPT);
    const handler = admin(t, handlerHeaders);
    const { body: binding } = await handler.post('/tickets/supervision/binding-code');
    expect(binding.instruction).toContain(`绑定 ${binding.code}`);
    const phone = citizen(t, 'oOperatorZhou1');
    expect(await phone.say(`绑定 ${binding.code}`)).toContain('绑定成功');
    expect(await phone.say(`绑定 ${binding.code}`)).toContain('已过期');

    const { ticketNo } = await fileTicket(citizen(t, 'oSuperCitizen1'), '我要投诉', '超市销售过期食品');
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/assign`, { department: DEPT });
    await t.db.query('UPDATE tickets SET due_date = $1 WHERE id = $2', [addDays(today, -1), id]);

    expect((await a.post('/tickets/deadline-check')).body).toMatchObject({ overdue: 1 });
    const templates = t.fake.callsTo('/cgi-bin/message/template/send').map((c) => c.body as { touser: string; template_id: string; data: Record<string, { value: string }> });
    const notice = templates.find((b) => b.data.keyword1?.value === ticketNo);
    expect(notice).toMatchObject({ touser: 'oOperatorZhou1', template_id: 'TPL-SUPERVISE', data: { keyword2: { value: '已超期' } } });
    expect(hook.received.find((b) => b.ticketNo === ticketNo)).toMatchObject({ type: 'ticket.overdue', department: DEPT });

    // The next check finds the warning recorded: nobody is told twice.
    const before = t.fake.callsTo('/cgi-bin/message/template/send').length;
    expect((await a.post('/tickets/deadline-check')).body).toMatchObject({ overdue: 0 });
    expect(t.fake.callsTo('/cgi-bin/message/template/send').length).toBe(before);
    const events = (await a.get(`/tickets/${id}`)).body.events as Array<{ action: string; detail: Record<string, unknown> }>;
    expect(events.find((e) => e.action === 'supervision_notice')?.detail).toMatchObject({ warning: 'overdue', webhook: 'sent', templates: { sent: 1, failed: 0 } });
  });

  it('when the daily digest runs then each department with due or overdue tickets is listed once per day', async () => {
    const { ticketNo } = await fileTicket(citizen(t, 'oSuperCitizen2'), '我要投诉', '药店无证经营');
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/assign`, { department: DEPT });
    await t.db.query('UPDATE tickets SET due_date = $1 WHERE id = $2', [today, id]);

    const preview = await a.get('/tickets/supervision/digest');
    expect(preview.body.departments.find((d: { department: string }) => d.department === DEPT).dueSoon.map((x: { ticketNo: string }) => x.ticketNo)).toContain(ticketNo);
    expect((await a.post('/tickets/supervision/digest')).body).toEqual({ sent: 1 });
    expect((await a.post('/tickets/supervision/digest')).body).toEqual({ sent: 0 });
    const digest = hook.received.find((b) => b.type === 'ticket.digest') as { department: string; dueSoon: Array<{ ticketNo: string }>; overdue: unknown[] };
    expect(digest.department).toBe(DEPT);
    expect(digest.dueSoon.map((x) => x.ticketNo)).toContain(ticketNo);
  });

  it('when the app starts then the daily digest is scheduled hourly on pg-boss, in Beijing time', async () => {
    const { rows } = await t.db.query<{ name: string; cron: string; timezone: string }>(
      `SELECT name, cron, timezone FROM ${t.isolation.schema}_pgboss.schedule WHERE name = 'ticket-digest'`,
    );
    expect(rows).toEqual([{ name: 'ticket-digest', cron: '0 * * * *', timezone: 'Asia/Shanghai' }]);
  });

  it('when 督办 settings are out of range then 400 names the field', async () => {
    const res = await a.put('/tickets/supervision/settings', { dueSoonDays: 30, digestHour: 8 });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('dueSoonDays');
  });
});
