import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekdayName } from '../../../src/calendar/dates.js';
import { cstDateTime } from '../../../src/features/appointments/appointments.messages.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, bookingNoOf, Citizen, createService, hallBody, nextWeekday, tomorrow, VALID_IDS } from './helpers.js';

/** Moves a booking's slot into the past, as if its time had come (no-shows are recorded after the start). */
async function slotStarted(t: TestApp, bookingNo: string): Promise<number> {
  const { rows } = await t.db.query(
    `UPDATE appointment_bookings SET slot_start = now() - interval '2 hours', slot_end = now() - interval '90 minutes'
     WHERE booking_no = $1 RETURNING id`,
    [bookingNo],
  );
  return rows[0].id;
}

describe('booking rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('when one person (same phone) books twice on one day then the second is refused, even from another account or at the same moment', async () => {
    await createService(t, hallBody({ code: 'LIM', perPersonPerDay: 1 }));
    const a = new Citizen(t, 'oLimitA');
    await a.toConfirmation('LIM', { phone: '13700000001' });
    expect(bookingNoOf(await a.say('1'))).toBeDefined();
    const b = new Citizen(t, 'oLimitB');
    const refused = await b.toConfirmation('LIM', { phone: '137 0000 0001' }, { slot: 2 });
    expect(refused).toContain(`在${tomorrow()} ${weekdayName(tomorrow())}已有本项预约，每人每天限约1次`);
    expect(await b.toConfirmation('LIM', { phone: '13700000001' }, { date: 2 })).toContain('请核对预约信息');
    expect(bookingNoOf(await b.say('1'))).toBeDefined();

    const c1 = new Citizen(t, 'oLimitC1');
    const c2 = new Citizen(t, 'oLimitC2');
    await c1.toConfirmation('LIM', { phone: '13700000009' }, { date: 3, slot: 1 });
    await c2.toConfirmation('LIM', { phone: '13700000009' }, { date: 3, slot: 2 });
    const replies = await Promise.all([c1.say('1'), c2.say('1')]);
    expect(replies.filter((r) => bookingNoOf(r))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('每人每天限约1次'))).toHaveLength(1);
  });

  it('when the service takes ID numbers then the limit follows the ID number, whatever the phone', async () => {
    await createService(t, hallBody({ code: 'LIMID', perPersonPerDay: 1, requireIdNumber: true }));
    const a = new Citizen(t, 'oLimitIdA');
    await a.toConfirmation('LIMID', { phone: '13700000011', id: VALID_IDS[2] });
    expect(bookingNoOf(await a.say('1'))).toBeDefined();
    const b = new Citizen(t, 'oLimitIdB');
    expect(await b.toConfirmation('LIMID', { phone: '13700000012', id: VALID_IDS[2] }, { slot: 2 })).toContain('每人每天限约1次');
    expect(await b.toConfirmation('LIMID', { phone: '13700000011', id: VALID_IDS[3] }, { slot: 2 })).toContain('请核对预约信息');
  });

  it('when a hospital limits bookings per day then the limit counts one department or doctor, not the whole hospital', async () => {
    await createService(t, {
      ...hallBody({ code: 'HOSP', kind: 'hospital', perPersonPerDay: 1 }),
      resources: [{ code: 'GP', name: '全科' }, { code: 'ENT', name: '耳鼻喉科' }],
    });
    const c = new Citizen(t, 'oHospLimit');
    const walk = async (resource: number, slot: number) => {
      expect(await c.tap('appointment:HOSP')).toContain('请选择科室或医生');
      await c.say(String(resource));
      await c.say('1');
      await c.say(String(slot));
      await c.say('王芳');
      return c.say('13700000041');
    };
    expect(await walk(1, 1)).toContain('请核对预约信息');
    expect(bookingNoOf(await c.say('1'))).toBeDefined();
    expect(await walk(2, 1)).toContain('请核对预约信息');
    expect(bookingNoOf(await c.say('1'))).toBeDefined();
    expect(await walk(1, 2)).toContain('每人每天限约1次');
  });

  it('when a person reaches the no-show threshold then new bookings are refused until the ban ends, with the reason and the date', async () => {
    await createService(t, hallBody({ code: 'NS', noShow: { threshold: 2, windowDays: 30, banDays: 7 }, requireIdNumber: true }));
    const c = new Citizen(t, 'oNoShow');
    const ids: number[] = [];
    for (const date of [1, 2]) {
      await c.toConfirmation('NS', { phone: '13700000021', id: VALID_IDS[4] }, { date });
      const no = bookingNoOf(await c.say('1'))!;
      const booking = (await admin(t, 'GET', '/appointments?service=NS')).json().items.find((b: { bookingNo: string }) => b.bookingNo === no);
      expect((await admin(t, 'POST', `/appointments/${booking.id}/no-show`)).statusCode).toBe(409);
      ids.push(await slotStarted(t, no));
    }
    const first = await admin(t, 'POST', `/appointments/${ids[0]}/no-show`);
    expect(first.json()).toMatchObject({ status: 'no_show', ban: null });
    const second = await admin(t, 'POST', `/appointments/${ids[1]}/no-show`);
    const ban = second.json().ban;
    expect(ban).toMatchObject({ noShows: 2, windowDays: 30 });
    const days = (Date.parse(ban.until) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);

    const refused = await c.toConfirmation('NS', { phone: '13700000022', id: VALID_IDS[4] }, { date: 3 });
    expect(refused).toContain('近30天内有2次预约未按时到场（爽约）');
    expect(refused).toContain(`${cstDateTime(new Date(ban.until))}前暂停预约`);
    const other = new Citizen(t, 'oNoShowOther');
    expect(await other.toConfirmation('NS', { phone: '13700000021', id: VALID_IDS[1] }, { date: 3 })).toContain('请核对预约信息');
  });

  it('when the cancellation deadline has passed then online cancellation is refused; before it the place is returned', async () => {
    await createService(t, hallBody({ code: 'LATE', cancelDeadlineMinutes: 4 * 24 * 60 }));
    const c = new Citizen(t, 'oLate');
    await c.toConfirmation('LATE', { phone: '13700000031' });
    const result = await c.say('1');
    expect(result).toContain('该时段已过在线取消时限');
    const no = bookingNoOf(result)!;
    const refused = await c.say(`取消预约 ${no}`);
    expect(refused).toContain(`预约号${no}已超过取消时限（需在开始前4天取消）`);
    const { rows } = await t.db.query('SELECT status FROM appointment_bookings WHERE booking_no = $1', [no]);
    expect(rows[0].status).toBe('booked');

    await createService(t, hallBody({ code: 'EARLY', cancelDeadlineMinutes: 120 }));
    await c.toConfirmation('EARLY', { phone: '13700000031' });
    const early = bookingNoOf(await c.say('1'))!;
    expect(await c.say(`取消预约${early}`)).toContain('确认取消以下预约吗');
    expect(await c.say('确认')).toContain(`已取消预约（预约号${early}）`);
    const { rows: slots } = await t.db.query("SELECT booked FROM appointment_slots s JOIN appointment_services v ON v.id = s.service_id WHERE v.code = 'EARLY'");
    expect(slots).toEqual([{ booked: 0 }]);
  });

  it('when the calendar marks a holiday or a 调休 working weekend then booking dates skip the holiday and include the working weekend', async () => {
    await createService(t, hallBody({ code: 'CAL', schedule: [{ weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '10:00' }], bookingWindow: { minDaysAhead: 1, maxDaysAhead: 9 } }));
    const holiday = nextWeekday(tomorrow(), [1, 2, 3, 4, 5]);
    const saturday = nextWeekday(tomorrow(), [6]);
    const before = await new Citizen(t, 'oCalBefore').tap('appointment:CAL');
    expect(before).toContain(`${holiday} ${weekdayName(holiday)}`);
    expect(before).not.toContain(saturday);

    // Earlier tests in this file booked that day: the operator confirms after seeing them listed.
    const res = await admin(t, 'POST', '/calendar?confirm=true', {
      days: [
        { date: holiday, kind: 'holiday', name: '测试节' },
        { date: saturday, kind: 'workday', name: '调休上班' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const after = await new Citizen(t, 'oCalAfter').tap('appointment:CAL');
    expect(after).not.toContain(holiday);
    expect(after).toContain(`${saturday} 周六（余6个）`);
  });
});
