import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { bookingNoOf, Citizen as BookingCitizen, createService, hallBody, VALID_IDS } from '../features/appointments/helpers.js';
import { admin, citizen, fileTicket, operatorHeaders } from '../features/tickets/helpers.js';

const CITY = '示例区城市管理和综合执法局';
const HOUSING = '示例区住房和城乡建设局';

/**
 * Issue 15, finding 5: a reveal states a reason that the audit log keeps, and an operator
 * reveals only what their role lists. Appointments follow the department of their service.
 */
describe('security: revealing personal data', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  let city: ReturnType<typeof admin>;
  let cityHeaders: Record<string, string>;
  let emergency: ReturnType<typeof admin>;
  const bookings: Record<string, number> = {};
  const numbers: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
    await a.put('/tickets/settings', { departments: [CITY, HOUSING] });
    cityHeaders = await operatorHeaders(t, '城管小王', ['handler'], CITY);
    city = admin(t, cityHeaders);
    emergency = admin(t, await operatorHeaders(t, '应急值班', ['emergency']));
    await createService(t, hallBody({ code: 'CITY1', name: '城管窗口', department: CITY, requireIdNumber: true }));
    await createService(t, hallBody({ code: 'HOUSE1', name: '住建窗口', department: HOUSING, requireIdNumber: true }));
    await createService(t, hallBody({ code: 'NODEPT', name: '综合窗口', requireIdNumber: true }));
    for (const [code, i] of [['CITY1', 0], ['HOUSE1', 1], ['NODEPT', 2]] as const) {
      const c = new BookingCitizen(t, `oReveal${code}`);
      await c.toConfirmation(code, { phone: `1380013800${i}`, id: VALID_IDS[i] });
      const no = bookingNoOf(await c.say('1'));
      const { rows } = await t.db.query<{ id: number }>('SELECT id FROM appointment_bookings WHERE booking_no = $1', [no]);
      bookings[code] = Number(rows[0]!.id);
      numbers[code] = no!;
    }
  });
  afterAll(async () => t?.close());

  it('when a handler lists appointments then only bookings of their department\'s services appear; the admin sees all', async () => {
    const listed = async (op: ReturnType<typeof admin>) => (await op.get('/appointments')).body.items.map((i: { id: number }) => i.id);
    expect(await listed(city)).toEqual([bookings.CITY1]);
    expect(await listed(a)).toEqual(expect.arrayContaining([bookings.CITY1, bookings.HOUSE1, bookings.NODEPT]));
    const csv = await t.app.inject({ url: '/admin/api/appointments.csv', headers: cityHeaders });
    // The export is admin-only by the role policy; whatever it answers, no other department's booking is in it.
    expect([200, 403]).toContain(csv.statusCode);
    expect(csv.body).not.toContain(numbers.HOUSE1);
    expect(csv.body).not.toContain(numbers.NODEPT);
  });

  it('when a handler reveals, checks in or marks a booking of another department\'s service then it is not found and nothing is audited', async () => {
    for (const code of ['HOUSE1', 'NODEPT']) {
      expect((await city.post(`/appointments/${bookings[code]}/reveal`, { reason: '核验身份' })).status).toBe(404);
      expect((await city.post(`/appointments/${bookings[code]}/check-in`)).status).toBe(404);
      expect((await city.post(`/appointments/${bookings[code]}/no-show`)).status).toBe(404);
    }
    const { rows } = await t.db.query("SELECT 1 FROM audit_log WHERE resource = 'appointment' AND actor = '城管小王'");
    expect(rows).toHaveLength(0);
    expect((await a.get('/appointments?status=booked')).body.items).toHaveLength(3);
  });

  it('when a reveal of a booking gives no reason or a blank one then 400 names `reason` and nothing is revealed', async () => {
    for (const body of [undefined, {}, { reason: '' }, { reason: '   ' }]) {
      const res = await city.post(`/appointments/${bookings.CITY1}/reveal`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe('reason');
      expect(JSON.stringify(res.body)).not.toContain(VALID_IDS[0]);
    }
  });

  it('when a handler reveals a booking of their department with a reason then it is shown and the reason is in the audit log', async () => {
    const res = await city.post(`/appointments/${bookings.CITY1}/reveal`, { reason: '现场核验身份' });
    expect(res.status).toBe(200);
    expect(res.body.idNumber).toBe(VALID_IDS[0]);
    const { rows } = await t.db.query("SELECT actor, detail FROM audit_log WHERE resource = 'appointment' AND action = 'reveal' AND resource_id = $1", [String(bookings.CITY1)]);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor).toBe('城管小王');
    expect(rows[0].detail).toMatchObject({ reason: '现场核验身份', fields: ['name', 'phone', 'idNumber'] });
  });

  it('when an appointment service is given a department then it round-trips, and a blank one is refused naming the field', async () => {
    const got = await t.app.inject({ url: '/admin/api/appointment-services', headers: adminHeaders });
    expect(got.json().items ?? got.json()).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'CITY1', department: CITY })]));
    const bad = await t.app.inject({ method: 'POST', url: '/admin/api/appointment-services', headers: adminHeaders, payload: hallBody({ code: 'BAD1', department: '  ' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toContain('department');
  });

  it('when a ticket reveal gives no reason or a blank one then 400 names `reason`', async () => {
    const { ticketNo } = await fileTicket(citizen(t, 'oRevealTicket1'), '我要投诉', '夜间施工噪音', '赵六 13900001111');
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/assign`, { department: CITY });
    for (const body of [{}, { reason: '' }, { reason: '  ' }]) {
      const res = await city.post(`/tickets/${id}/reveal`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toContain('reason');
    }
    expect((await city.post(`/tickets/${id}/reveal`, { reason: '回访' })).body).toEqual(expect.objectContaining({ phone: '13900001111' }));
  });

  it('when an emergency operator reveals an ordinary ticket or a handler another department\'s then it is not found', async () => {
    const { ticketNo } = await fileTicket(citizen(t, 'oRevealTicket2'), '我要投诉', '违章搭建', '钱八 13900002222');
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/assign`, { department: HOUSING });
    expect((await emergency.post(`/tickets/${id}/reveal`, { reason: '核实' })).status).toBe(404);
    expect((await city.post(`/tickets/${id}/reveal`, { reason: '核实' })).status).toBe(404);
    expect((await emergency.get('/tickets')).body.items.map((i: { id: number }) => i.id)).not.toContain(id);
  });
});
