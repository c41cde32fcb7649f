import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createCalendarRepository } from '../../../src/calendar/calendar.repository.js';
import { CalendarService } from '../../../src/calendar/calendar.service.js';
import { Availability } from '../../../src/features/appointments/availability.js';
import { createBookingConfirmRepository } from '../../../src/features/appointments/booking-confirm.repository.js';
import { createBookingStatusRepository } from '../../../src/features/appointments/booking-status.repository.js';
import { BookingService } from '../../../src/features/appointments/booking.service.js';
import { createBookingRepository } from '../../../src/features/appointments/bookings.repository.js';
import { ReminderQueue } from '../../../src/features/appointments/reminder-queue.js';
import { createReminderRepository } from '../../../src/features/appointments/reminders.repository.js';
import { createServiceRepository } from '../../../src/features/appointments/services.repository.js';
import { createDb } from '../../../src/infra/db.js';
import { PiiCipher } from '../../../src/lib/pii.js';
import { TEST_DATABASE_URL } from '../../global-setup.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { bookingNoOf, Citizen, createService, hallBody, inBatches, phoneFor, tomorrow } from './helpers.js';

const CITIZENS = 200;

describe('capacity under contention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('when 200 citizens confirm the last 3 places at once through the webhook then exactly 3 are booked and the others are shown the nearest free slots', async () => {
    await createService(t, hallBody({ code: 'RUSH', bookingWindow: { minDaysAhead: 1, maxDaysAhead: 1 }, reminderMinutesBefore: [60] }));
    const citizens = Array.from({ length: CITIZENS }, (_, i) => new Citizen(t, `oRush${i}`));
    await inBatches(CITIZENS, 25, async (i) => {
      expect(await citizens[i]!.toConfirmation('RUSH', { phone: phoneFor(i) })).toContain('请核对预约信息');
    });

    const replies = await Promise.all(citizens.map((c) => c.say('1')));

    const winners = replies.filter((r) => bookingNoOf(r));
    const losers = replies.filter((r) => !bookingNoOf(r));
    expect(winners).toHaveLength(3);
    expect(new Set(winners.map(bookingNoOf)).size).toBe(3);
    expect(losers).toHaveLength(CITIZENS - 3);
    for (const reply of losers) {
      expect(reply).toContain('09:00-09:30 刚刚约满了');
      expect(reply).toMatch(/^1\. \d{4}-\d{2}-\d{2} 周. 09:30-10:00（余3个）$/m);
    }
    const { rows } = await t.db.query(
      `SELECT s.booked, s.capacity, (SELECT count(*)::int FROM appointment_bookings b WHERE b.service_id = s.service_id AND b.status = 'booked') AS bookings,
              (SELECT count(*)::int FROM appointment_reminders r JOIN appointment_bookings b ON b.id = r.booking_id WHERE b.service_id = s.service_id) AS reminders
       FROM appointment_slots s JOIN appointment_services v ON v.id = s.service_id WHERE v.code = 'RUSH'`,
    );
    expect(rows).toEqual([{ booked: 3, capacity: 3, bookings: 3, reminders: 3 }]);

    // A loser takes one of the offered slots: the filled-in details were kept.
    const loser = citizens[replies.findIndex((r) => !bookingNoOf(r))]!;
    expect(await loser.say('1')).toContain('请核对预约信息');
    expect(bookingNoOf(await loser.say('1'))).toBeDefined();
  });

  // 30 connections keep 30 transactions racing for the 3 places while leaving room under PostgreSQL's
  // 100-connection limit for the test files running beside this one; connecting may be slow when they do.
  it('when 200 confirmations race in the service layer on a pool of 30 connections then a 3-place slot books exactly 3', async () => {
    const created = await createService(t, hallBody({ code: 'RACE', bookingWindow: { minDaysAhead: 1, maxDaysAhead: 1 }, reminderMinutesBefore: [1440, 60] }));
    const db = createDb({ connectionString: TEST_DATABASE_URL, schema: t.isolation.schema, max: 30, statementTimeoutMs: 20_000, connectionTimeoutMs: 20_000 });
    try {
      const log = pino({ level: 'silent' });
      const services = createServiceRepository(db);
      const bookings = createBookingRepository(db);
      const reminders = createReminderRepository(db);
      const queue = new ReminderQueue({ db, log, appSchema: () => reminders.currentSchema(), pollingIntervalSeconds: 60, handle: async () => undefined });
      const calendar = new CalendarService(createCalendarRepository(db), { publish: async () => ({ announced: true }), onChange: () => undefined });
      const availability = new Availability(calendar, bookings);
      const service = new BookingService({ services, bookings, confirmations: createBookingConfirmRepository(db), status: createBookingStatusRepository(db), reminders, queue, availability, cipher: new PiiCipher(t.config.dataEncryptionKey), log });
      const now = new Date();
      const results = await Promise.all(
        Array.from({ length: CITIZENS }, (_, i) =>
          service.confirm({ accountId: 'default', openId: `oRace${i}`, serviceId: created.id, resourceCode: '', date: tomorrow(), start: '09:00', person: { name: '测试', phone: phoneFor(1000 + i) }, requestKey: `race-${i}`, msgId: null, now }),
        ),
      );
      expect(results.filter((r) => r.kind === 'booked')).toHaveLength(3);
      expect(results.filter((r) => r.kind === 'full')).toHaveLength(CITIZENS - 3);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM appointment_bookings WHERE service_id = $1`, [created.id]);
      expect(rows[0].n).toBe(3);
      await queue.stop();
    } finally {
      await db.end();
    }
  });

  it('when a booking is cancelled then its place is offered again at once', async () => {
    await createService(t, hallBody({ code: 'ONE', capacityPerSlot: 1, schedule: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '09:30' }], bookingWindow: { minDaysAhead: 1, maxDaysAhead: 1 } }));
    const a = new Citizen(t, 'oOneA');
    await a.toConfirmation('ONE', { phone: '13800000001' });
    const no = bookingNoOf(await a.say('1'))!;
    const b = new Citizen(t, 'oOneB');
    expect(await b.tap('appointment:ONE')).toContain('近期已约满或暂无可预约日期');
    await b.say('退出');
    await a.say(`取消预约 ${no}`);
    expect(await a.say('1')).toContain('名额已释放');
    expect(await b.toConfirmation('ONE', { phone: '13800000002' })).toContain('请核对预约信息');
    expect(bookingNoOf(await b.say('1'))).toBeDefined();
  });
});
