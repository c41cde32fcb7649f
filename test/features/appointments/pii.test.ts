import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSchemaFor } from '../../../src/features/appointments/reminder-queue.js';
import type { TestApp } from '../../helpers/app.js';
import { admin, bookingNoOf, Citizen, createService, hallBody, makeRemindersDue, sleep, VALID_IDS } from './helpers.js';
import { createLoggedTestApp } from './logged-app.js';

const NAME = '欧阳娜娜';
const PHONE = '13912345678';
const ID = VALID_IDS[1]!;
const OPEN_ID = 'oPiiCitizen01';
const CLEAR = [NAME, PHONE, ID, PHONE.slice(3), ID.slice(6, 14)];

function expectNoClearPii(text: string, where: string): void {
  for (const value of CLEAR) expect(text.includes(value), `${where} contains "${value}"`).toBe(false);
}

describe('personal data of bookings', () => {
  let t: TestApp & { logs: () => string };
  let bookingNo: string;
  beforeAll(async () => {
    t = await createLoggedTestApp();
    await createService(t, hallBody({ code: 'PII', requireIdNumber: true, bookingWindow: { minDaysAhead: 2, maxDaysAhead: 2 }, reminderMinutesBefore: [1440] }));
    const c = new Citizen(t, OPEN_ID);
    expect(await c.toConfirmation('PII', { name: NAME, phone: PHONE, id: ID })).toContain('请核对预约信息');
    expectNoClearPii((await t.kv.get(`session:default:${OPEN_ID}`)) ?? '', 'the session store');
    bookingNo = bookingNoOf(await c.say('1'))!;
    const list = await admin(t, 'GET', '/appointments?service=PII');
    const id = list.json().items[0].id;
    expect((await admin(t, 'GET', '/appointments.csv')).statusCode).toBe(200);
    expect((await admin(t, 'POST', `/appointments/${id}/reveal`, { reason: '核验' })).json().phone).toBe(PHONE);
    await makeRemindersDue(t);
    const deadline = Date.now() + 8000;
    while (t.fake.callsTo('/cgi-bin/message/custom/send').length === 0 && Date.now() < deadline) await sleep(50);
    await admin(t, 'POST', `/appointments/${id}/check-in`);
  });
  afterAll(async () => t.close());

  it('when a booking is stored then name, phone and ID number are only encrypted in every table, including the job queue and the audit log', async () => {
    const { rows: bookings } = await t.db.query('SELECT * FROM appointment_bookings WHERE booking_no = $1', [bookingNo]);
    expect(bookings).toHaveLength(1);
    for (const column of ['name_enc', 'phone_enc', 'id_number_enc']) expect(bookings[0][column]).toMatch(/^v1:[A-Za-z0-9+/=]+$/);
    expect(bookings[0].person_hash).toMatch(/^[0-9a-f]{64}$/);
    const dumps = await Promise.all(
      ['appointment_bookings', 'appointment_reminders', 'appointment_slots', 'appointment_bans', 'audit_log', `${jobSchemaFor(t.isolation.schema)}.job`].map(async (table) => {
        const { rows } = await t.db.query(`SELECT * FROM ${table}`);
        return [table, JSON.stringify(rows)] as const;
      }),
    );
    for (const [table, dump] of dumps) expectNoClearPii(dump, table);
    expect(dumps.find(([table]) => table === 'audit_log')![1]).toContain('reveal');
  });

  it('when the flow, the admin routes and the reminder ran then no log line holds personal data or the clear openId', async () => {
    const logs = t.logs();
    expect(logs).toContain('appointment booked');
    expect(logs).toContain('appointment reminder sent');
    expect(logs).toContain('oPi***n01');
    expectNoClearPii(logs, 'the logs');
    expect(logs).not.toContain(OPEN_ID);
  });
});
