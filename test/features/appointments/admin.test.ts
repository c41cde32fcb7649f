import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, bookingNoOf, Citizen, createService, hallBody, tomorrow, VALID_IDS } from './helpers.js';

const hospital = {
  code: 'H1',
  name: '测试医院门诊',
  kind: 'hospital',
  slotMinutes: 30,
  capacityPerSlot: 4,
  schedule: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '12:00' }],
  bookingWindow: { minDaysAhead: 1, maxDaysAhead: 3 },
  cancelDeadlineMinutes: 60,
  requireIdNumber: true,
  resources: [
    { code: 'GP', name: '全科门诊', kind: 'department' },
    { code: 'DR-W', name: '王医生', kind: 'doctor', schedule: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '14:00', end: '15:00' }], capacityPerSlot: 1 },
  ],
};

describe('appointment services and bookings through the admin API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('when a service is created, read, updated and deleted then the contract shape round-trips', async () => {
    const body = hallBody({ code: 'CRUD', guideCodes: ['DEMO-GA-0001'], perPersonPerDay: 1, noShow: { threshold: 3, windowDays: 90, banDays: 30 }, requireIdNumber: true, walkInRatio: 0.3, reminderMinutesBefore: [1440, 120] });
    const created = await createService(t, body);
    expect(created).toMatchObject({ ...body, id: expect.any(Number) });
    expect((await admin(t, 'GET', `/appointment-services/${created.id}`)).json()).toMatchObject(body);
    expect((await admin(t, 'GET', '/appointment-services')).json().items.map((s: { code: string }) => s.code)).toContain('CRUD');
    const updated = await admin(t, 'PUT', `/appointment-services/${created.id}`, { ...body, name: '改名后的窗口', capacityPerSlot: 8 });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: '改名后的窗口', capacityPerSlot: 8 });
    expect((await admin(t, 'DELETE', `/appointment-services/${created.id}`)).statusCode).toBe(204);
    expect((await admin(t, 'GET', `/appointment-services/${created.id}`)).statusCode).toBe(404);
  });

  it('when a service definition is wrong then the answer is 400 naming the field, and a duplicate code is 409', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [hallBody({ schedule: [{ weekdays: [1], start: '9:00', end: '10:00' }] }), 'schedule[0].start'],
      [hallBody({ schedule: [{ weekdays: [8], start: '09:00', end: '10:00' }] }), 'schedule[0].weekdays[0]'],
      [hallBody({ schedule: [{ weekdays: [1], start: '10:00', end: '09:00' }] }), 'schedule[0].end'],
      [hallBody({ bookingWindow: { minDaysAhead: 5, maxDaysAhead: 1 } }), 'bookingWindow.maxDaysAhead'],
      [hallBody({ kind: 'clinic' }), 'kind'],
      [hallBody({ slotMinutes: undefined }), 'slotMinutes'],
      [{ ...hospital, resources: undefined }, 'resources'],
      [{ ...hospital, resources: [{ code: 'A', name: 'a' }, { code: 'a', name: 'b' }] }, 'resources[1].code'],
    ];
    for (const [body, field] of cases) {
      const res = await admin(t, 'POST', '/appointment-services', body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.field).toBe(field);
    }
    await createService(t, hallBody({ code: 'DUP' }));
    expect((await admin(t, 'POST', '/appointment-services', hallBody({ code: 'dup' }))).statusCode).toBe(409);
    expect((await admin(t, 'PUT', '/appointment-services/999999', hallBody({ code: 'NEW' }))).statusCode).toBe(404);
  });

  it('when a hospital service is booked then the citizen picks a department or doctor, each with its own schedule and capacity', async () => {
    await createService(t, hospital);
    const c = new Citizen(t, 'oHospital');
    const resources = await c.tap('appointment:H1');
    expect(resources).toMatch(/^1\. 全科门诊$/m);
    expect(resources).toMatch(/^2\. 王医生$/m);
    expect(await c.say('2')).toContain('测试医院门诊·王医生\n请选择日期');
    const slots = await c.say('1');
    expect(slots).toMatch(/^1\. 14:00-14:30（余1个）$/m);
    expect(slots).not.toContain('08:00');
  });

  it('when bookings are listed, exported or checked in then personal data is masked; reveal shows it and is audited', async () => {
    await createService(t, hallBody({ code: 'ADM', requireIdNumber: true }));
    const c = new Citizen(t, 'oAdmin');
    await c.toConfirmation('ADM', { name: '张三丰', phone: '13812345678', id: VALID_IDS[0] });
    const no = bookingNoOf(await c.say('1'))!;

    const list = await admin(t, 'GET', `/appointments?service=ADM&date=${tomorrow()}&status=booked`);
    expect(list.statusCode).toBe(200);
    const [item] = list.json().items;
    expect(item).toMatchObject({ bookingNo: no, serviceCode: 'ADM', date: tomorrow(), start: '09:00', end: '09:30', status: 'booked', name: '张**', phone: '138****5678', idNumber: '11**************2X' });
    expect(list.body).not.toContain('13812345678');
    expect((await admin(t, 'GET', `/appointments?service=${item.serviceId}`)).json().items).toHaveLength(1);
    const unfiltered = await admin(t, 'GET', '/appointments?service=&date=&status=');
    expect(unfiltered.statusCode).toBe(200);
    expect(unfiltered.json().items.map((b: { bookingNo: string }) => b.bookingNo)).toContain(no);
    expect((await admin(t, 'GET', '/appointments?service=ADM&status=cancelled')).json().items).toHaveLength(0);
    expect((await admin(t, 'GET', '/appointments?status=lost')).statusCode).toBe(400);
    expect((await admin(t, 'GET', '/appointments?date=2026-13-01')).statusCode).toBe(400);

    const csv = await admin(t, 'GET', '/appointments.csv?service=ADM');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF"预约号"')).toBe(true);
    expect(csv.body).toContain(`"${no}","ADM"`);
    expect(csv.body).toContain('"张**","138****5678","11**************2X","已预约"');
    expect(csv.body).not.toContain('13812345678');

    const revealed = await admin(t, 'POST', `/appointments/${item.id}/reveal`, { reason: '现场核验' });
    expect(revealed.json()).toEqual({ id: item.id, bookingNo: no, name: '张三丰', phone: '13812345678', idNumber: VALID_IDS[0] });
    const { rows: audits } = await t.db.query("SELECT actor, detail FROM audit_log WHERE resource = 'appointment' AND action = 'reveal' AND resource_id = $1", [String(item.id)]);
    expect(audits).toHaveLength(1);
    expect(audits[0].detail).toMatchObject({ reason: '现场核验', fields: ['name', 'phone', 'idNumber'] });
    expect(JSON.stringify(audits[0].detail)).not.toContain('13812345678');
    // A reveal states why (issue 15): no reason, no data.
    const unexplained = await admin(t, 'POST', `/appointments/${item.id}/reveal`);
    expect(unexplained.statusCode).toBe(400);
    expect(unexplained.json().error.field).toBe('reason');

    // Check-in is on the booking's day only: tomorrow's booking is refused today, then accepted once its day comes.
    const early = await admin(t, 'POST', `/appointments/${item.id}/check-in`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('NOT_BOOKING_DAY');
    await t.db.query("UPDATE appointment_bookings SET slot_start = now(), slot_end = now() + interval '30 minutes' WHERE id = $1", [item.id]);
    const checkedIn = await admin(t, 'POST', `/appointments/${item.id}/check-in`);
    expect(checkedIn.json()).toMatchObject({ status: 'checked_in', name: '张**' });
    expect((await admin(t, 'POST', `/appointments/${item.id}/check-in`)).statusCode).toBe(409);
    expect((await admin(t, 'POST', '/appointments/999999/check-in')).statusCode).toBe(404);
    expect((await admin(t, 'POST', '/appointments/abc/no-show')).statusCode).toBe(400);
  });

  it('when a service still has upcoming bookings then it cannot be deleted, and the reminder template is an account setting', async () => {
    const service = await createService(t, hallBody({ code: 'BUSY' }));
    const c = new Citizen(t, 'oBusy');
    await c.toConfirmation('BUSY', { phone: '13812345600' });
    expect(bookingNoOf(await c.say('1'))).toBeDefined();
    expect((await admin(t, 'DELETE', `/appointment-services/${service.id}`)).statusCode).toBe(409);

    expect((await admin(t, 'GET', '/appointment-settings')).json()).toEqual({ reminderTemplateId: null });
    expect((await admin(t, 'PUT', '/appointment-settings', { reminderTemplateId: 'TPL-remind_01' })).json()).toEqual({ reminderTemplateId: 'TPL-remind_01' });
    expect((await admin(t, 'GET', '/appointment-settings')).json()).toEqual({ reminderTemplateId: 'TPL-remind_01' });
    const bad = await admin(t, 'PUT', '/appointment-settings', { reminderTemplateId: 'has space' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('reminderTemplateId');
  });
});
