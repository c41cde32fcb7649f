import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingNoOf, Citizen, createService, hallBody } from '../features/appointments/helpers.js';
import { citizen, fileTicket } from '../features/tickets/helpers.js';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';

interface Listed {
  ticketNo?: string;
  bookingNo?: string;
  test: boolean;
}

describe('simulator: tickets and bookings it creates are test records', () => {
  let t: TestApp;
  let service: { id: number; code: string };
  const made = { simTicket: '', realTicket: '', simBooking: '', realBooking: '', slotDate: '' };

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/admin/api${url}`, headers: adminHeaders });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const simSay = async (payload: object) => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/simulate', headers: adminHeaders, payload: { ...payload, openId: 'sim_tester' } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().replies as Array<{ content?: string }>).map((r) => r.content ?? '').join('\n');
  };
  const ticketNos = (body: { items: Listed[] }) => body.items.map((i) => i.ticketNo).sort();
  const bookingNos = (body: { items: Listed[] }) => body.items.map((i) => i.bookingNo).sort();

  beforeAll(async () => {
    t = await createTestApp();
    service = await createService(t, hallBody({ code: 'TESTREC' }));

    // A simulator citizen files a complaint and books an appointment through the simulator.
    expect(await simSay({ text: '我要投诉' })).toContain('投诉');
    await simSay({ text: '楼道里的灯坏了一个月没人修' });
    await simSay({ text: '完成' });
    await simSay({ text: '1' });
    made.simTicket = /工单号：(\d{11})/.exec(await simSay({ text: '1' }))?.[1] ?? '';
    expect(made.simTicket).toMatch(/^\d{11}$/);
    expect(await simSay({ event: 'click', key: `appointment:${service.code}` })).toContain('请选择日期');
    await simSay({ text: '1' });
    await simSay({ text: '1' });
    await simSay({ text: '李四' });
    await simSay({ text: '13812345678' });
    made.simBooking = bookingNoOf(await simSay({ text: '1' })) ?? '';
    expect(made.simBooking).toMatch(/^\d{8}$/);

    // A real citizen does the same through the webhook.
    made.realTicket = (await fileTicket(citizen(t, 'oRealCitizen01'), '我要投诉', '路口红绿灯不亮')).ticketNo;
    const real = new Citizen(t, 'oRealCitizen01');
    await real.toConfirmation(service.code, { name: '王五', phone: '13987654321' });
    made.realBooking = bookingNoOf(await real.say('1')) ?? '';
    expect(made.realBooking).toMatch(/^\d{8}$/);
    const { rows } = await t.db.query<{ d: string }>(
      `SELECT DISTINCT to_char(slot_start AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d FROM appointment_bookings`,
    );
    expect(rows).toHaveLength(1);
    made.slotDate = rows[0]!.d;
  });
  afterAll(async () => t?.close());

  it('when a simulator citizen files a ticket then it is stored as a test, and a real citizen\'s is not', async () => {
    const { rows } = await t.db.query<{ ticket_no: string; test: boolean; source_msg_id: string }>('SELECT ticket_no, test, source_msg_id FROM tickets ORDER BY id');
    expect(rows.map((r) => ({ ticketNo: r.ticket_no, test: r.test }))).toEqual([
      { ticketNo: made.simTicket, test: true },
      { ticketNo: made.realTicket, test: false },
    ]);
    // What the migration's backfill relies on: a ticket confirmed in the simulator carries its `sim…` message id.
    expect(rows[0]!.source_msg_id).toMatch(/^sim\d/);
    expect(rows[1]!.source_msg_id).toMatch(/^\d+$/);
  });

  it('when the ticket list is asked for without includeTest then only the real citizen\'s ticket is listed, marked not test', async () => {
    const body = await get('/tickets');
    expect(ticketNos(body)).toEqual([made.realTicket]);
    expect(body.total).toBe(1);
    expect(body.items[0].test).toBe(false);
  });

  it('when the ticket list is asked for with includeTest=true then both are listed and the simulator\'s is marked test', async () => {
    const body = await get('/tickets?includeTest=true');
    expect(body.total).toBe(2);
    expect(Object.fromEntries(body.items.map((i: Listed) => [i.ticketNo, i.test]))).toEqual({ [made.simTicket]: true, [made.realTicket]: false });
  });

  it('when the booking list is asked for without includeTest then only the real citizen\'s booking is listed, marked not test', async () => {
    const body = await get('/appointments');
    expect(bookingNos(body)).toEqual([made.realBooking]);
    expect(body.total).toBe(1);
    expect(body.items[0].test).toBe(false);
    const csv = await t.app.inject({ method: 'GET', url: '/admin/api/appointments.csv', headers: adminHeaders });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(made.realBooking);
    expect(csv.body).not.toContain(made.simBooking);
  });

  it('when the booking list is asked for with includeTest=true then both are listed and the simulator\'s is marked test', async () => {
    const body = await get(`/appointments?includeTest=true&date=${made.slotDate}`);
    expect(body.total).toBe(2);
    expect(Object.fromEntries(body.items.map((i: Listed) => [i.bookingNo, i.test]))).toEqual({ [made.simBooking]: true, [made.realBooking]: false });
  });

  it('when includeTest is not a boolean then the lists answer 400 naming the field', async () => {
    for (const url of ['/admin/api/tickets?includeTest=maybe', '/admin/api/appointments?includeTest=maybe']) {
      const res = await t.app.inject({ method: 'GET', url, headers: adminHeaders });
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toContain('includeTest');
    }
  });

  it('when statistics are read then only the real citizen\'s ticket and booking are counted', async () => {
    const stats = await get('/tickets/stats');
    expect(stats.total).toBe(1);
    expect(stats.byCategory).toEqual({ 投诉: 1 });
    const dashboard = await get('/dashboard');
    expect(dashboard.tickets.open).toBe(1);
    const bookings = await get(`/stats/bookings?from=${made.slotDate}&to=${made.slotDate}`);
    expect(bookings.total).toBe(1);
    expect(bookings.items).toEqual([expect.objectContaining({ service: '测试大厅窗口', total: 1 })]);
  });

  it('when the simulator\'s data is deleted then its ticket and booking are gone, and the real citizen\'s remain', async () => {
    const del = await t.app.inject({ method: 'DELETE', url: '/admin/api/simulate/data', headers: adminHeaders });
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().deleted).toMatchObject({ tickets: 1, bookings: 1 });
    expect(ticketNos(await get('/tickets?includeTest=true'))).toEqual([made.realTicket]);
    expect(bookingNos(await get(`/appointments?includeTest=true&date=${made.slotDate}`))).toEqual([made.realBooking]);
    expect((await get('/tickets/stats')).total).toBe(1);
  });
});
