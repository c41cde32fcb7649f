import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, cstDate } from '../../../src/calendar/dates.js';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen, fileTicket } from './helpers.js';

describe('tickets: deadlines on the holiday calendar', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  const today = cstDate(new Date());
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
  });
  afterAll(async () => t.close());

  const detail = async (ticketNo: string) => (await a.get(`/tickets/${await a.idOf(ticketNo)}`)).body;

  it('when the next working days are holidays then a 咨询 is due 2 working days after them, 调休 weekends counting', async () => {
    // Ten days of holiday from tomorrow, then two days marked as working days (whatever weekday they fall on).
    const days = [
      ...Array.from({ length: 10 }, (_, i) => ({ date: addDays(today, i + 1), kind: 'holiday', name: '测试假期' })),
      { date: addDays(today, 11), kind: 'workday', name: '调休上班' },
      { date: addDays(today, 12), kind: 'workday', name: '调休上班' },
    ];
    expect((await a.post('/calendar', { days })).status).toBe(201);
    const { ticketNo, reply } = await fileTicket(citizen(t, 'oDueHoliday1'), '我要咨询', '节后办事时间');
    expect(reply).toContain(`${addDays(today, 12)}前`);
    expect((await detail(ticketNo)).dueDate).toBe(addDays(today, 12));
    for (const d of days) await t.app.inject({ method: 'DELETE', url: `/admin/api/calendar/${d.date}`, headers: adminHeaders });
  });

  it('when an account sets its own deadline then new tickets of that category use it, and other accounts keep the defaults', async () => {
    expect((await a.put('/tickets/settings', { deadlines: { 咨询: 0 } })).body.deadlines).toMatchObject({ 咨询: 0, 投诉: 15 });
    const { ticketNo } = await fileTicket(citizen(t, 'oDueSetting1'), '我要咨询', '当天答复测试');
    const ticket = await detail(ticketNo);
    expect(ticket.dueDate).toBe(today);
    expect(ticket.dueSoon).toBe(true);
    await a.put('/tickets/settings', { deadlines: { 咨询: 2 } });

    await a.post('/accounts', { id: 'district', name: '示例区', appId: 'wx0000000000district', appSecret: 'district-secret', token: 'districttoken' });
    const other = await t.app.inject({ method: 'GET', url: '/admin/api/tickets/settings', headers: { ...adminHeaders, 'x-account-id': 'district' } });
    expect(other.json().deadlines).toEqual({ 咨询: 2, 求助: 10, 建议: 10, 投诉: 15, 举报: 15, 应急: 0 });
  });

  it.each([
    [{ deadlines: { 咨询: -1 } }, 'deadlines.咨询'],
    [{ deadlines: { 表扬: 3 } }, 'deadlines'],
    [{ departments: ['城管', '城管'] }, 'departments'],
  ])('when the settings are invalid (%#) then 400 naming the field', async (body, field) => {
    const res = await a.put('/tickets/settings', body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it('when a ticket is past its due date then it is flagged overdue until it is closed', async () => {
    const { ticketNo } = await fileTicket(citizen(t, 'oDueOverdue1'), '我要投诉', '超期测试');
    const id = await a.idOf(ticketNo);
    // Time passes: the ticket was due the day before yesterday.
    await t.db.query('UPDATE tickets SET due_date = $1 WHERE id = $2', [addDays(today, -2), id]);
    expect((await a.get(`/tickets/${id}`)).body).toMatchObject({ overdue: true, dueSoon: false });
    const overdueIds = (await a.get('/tickets?overdue=true')).body.items.map((i: { id: number }) => i.id);
    const onTimeIds = (await a.get('/tickets?overdue=false')).body.items.map((i: { id: number }) => i.id);
    expect(overdueIds).toContain(id);
    expect(onTimeIds).not.toContain(id);
    await a.post(`/tickets/${id}/reply`, { content: '已处理' });
    await a.post(`/tickets/${id}/close`);
    expect((await a.get(`/tickets/${id}`)).body.overdue).toBe(false);
    expect((await a.get('/tickets?overdue=true')).body.items.map((i: { id: number }) => i.id)).not.toContain(id);
  });

  it('when the deadline check runs then it records one internal warning per ticket, due-soon and overdue, never shown to the citizen', async () => {
    const c = citizen(t, 'oDueCheck001');
    const soon = await fileTicket(c, '我要咨询', '预警测试一');
    const late = await fileTicket(c, '我要咨询', '预警测试二');
    const far = await fileTicket(c, '我要投诉', '预警测试三');
    await t.db.query('UPDATE tickets SET due_date = $1 WHERE ticket_no = $2', [today, soon.ticketNo]);
    await t.db.query('UPDATE tickets SET due_date = $1 WHERE ticket_no = $2', [addDays(today, -1), late.ticketNo]);
    await t.db.query("DELETE FROM ticket_events WHERE action IN ('due_soon', 'overdue')");
    await t.db.query("UPDATE tickets SET status = 'closed', closed_at = now() WHERE ticket_no <> ALL($1)", [[soon.ticketNo, late.ticketNo, far.ticketNo]]);

    expect((await a.post('/tickets/deadline-check')).body).toEqual({ dueSoon: 1, overdue: 1 });
    expect((await a.post('/tickets/deadline-check')).body).toEqual({ dueSoon: 0, overdue: 0 });
    const actions = async (ticketNo: string) => (await detail(ticketNo)).events.filter((e: { visibility: string }) => e.visibility === 'internal').map((e: { action: string }) => e.action);
    expect(await actions(soon.ticketNo)).toEqual(['due_soon']);
    expect(await actions(late.ticketNo)).toEqual(['overdue']);
    expect(await actions(far.ticketNo)).toEqual([]);
    const progress = await c.say(`进度 ${late.ticketNo}`);
    expect(progress).not.toContain('overdue');
    expect(progress.split('\n').filter((l) => /^\d\d-\d\d /.test(l))).toHaveLength(1);
  });
});
