import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDELIVERABLE } from '../../../src/features/appointments/reminder.sender.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { api, eventually } from '../../helpers/reach.js';
import { bookingNoOf, Citizen, createService, hallBody, makeRemindersDue } from '../appointments/helpers.js';

const TEMPLATE = '/cgi-bin/message/template/send';
const CUSTOM = '/cgi-bin/message/custom/send';
const to = (t: TestApp, path: string, openId: string) => t.fake.callsTo(path).filter((c) => (c.body as { touser?: string }).touser === openId);
const body = (code: string) => hallBody({ code, bookingWindow: { minDaysAhead: 2, maxDaysAhead: 2 }, reminderMinutesBefore: [60] });

async function book(t: TestApp, openId: string, code: string, phone: string): Promise<string> {
  const c = new Citizen(t, openId);
  await c.toConfirmation(code, { phone });
  const no = bookingNoOf(await c.say('1'));
  expect(no).toBeDefined();
  return no!;
}

const reminderOf = async (t: TestApp, no: string) =>
  (await t.db.query('SELECT r.status, r.channel, r.last_error FROM appointment_reminders r JOIN appointment_bookings b ON b.id = r.booking_id WHERE b.booking_no = $1', [no])).rows[0];

describe('notice templates and notices outside the 48-hour window', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await createService(t, body('N1'));
  });
  afterAll(async () => t.close());

  it('when no template is configured and the window has closed then the reminder is marked undeliverable for operators, not lost', async () => {
    // The citizen's window closed: WeChat refuses the customer-service message with 45015.
    t.fake.respond((call) => (call.path === CUSTOM && (call.body as { touser?: string }).touser === 'oNoticeLate1' ? { json: { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' } } : undefined));
    const no = await book(t, 'oNoticeLate1', 'N1', '13600000011');
    await makeRemindersDue(t);
    const row = await eventually(() => reminderOf(t, no), (r) => r.status === 'failed');
    expect(row).toMatchObject({ status: 'failed', last_error: UNDELIVERABLE });
    expect(to(t, TEMPLATE, 'oNoticeLate1')).toHaveLength(0);
    const flagged = (await api(t, 'GET', '/notice-templates/undelivered')).json() as { items: Array<{ kind: string; reference: string; reason: string }> };
    expect(flagged.items).toEqual([expect.objectContaining({ kind: 'booking-reminder', reference: no, reason: UNDELIVERABLE })]);
  });

  it('when the booking-reminder template is configured then a reminder outside the 48-hour window goes as that template message', async () => {
    const put = await api(t, 'PUT', '/notice-templates', { bookingReminder: 'TPL_BOOKING_REMINDER', ticketStatus: 'TPL_TICKET_STATUS' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ bookingReminder: 'TPL_BOOKING_REMINDER', bookingChange: null, ticketStatus: 'TPL_TICKET_STATUS', ticketReply: null });
    expect((await api(t, 'GET', '/notice-templates')).json()).toMatchObject({ bookingReminder: 'TPL_BOOKING_REMINDER' });

    t.fake.respond((call) => (call.path === CUSTOM && (call.body as { touser?: string }).touser === 'oNoticeLate2' ? { json: { errcode: 45015, errmsg: 'response out of time limit' } } : undefined));
    const no = await book(t, 'oNoticeLate2', 'N1', '13600000012');
    // Two days later: the window the booking conversation opened has closed.
    await t.kv.del('window:default:oNoticeLate2');
    await makeRemindersDue(t);
    const row = await eventually(() => reminderOf(t, no), (r) => r.status === 'sent');
    expect(row).toMatchObject({ status: 'sent', channel: 'template' });
    const sent = to(t, TEMPLATE, 'oNoticeLate2');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ touser: 'oNoticeLate2', template_id: 'TPL_BOOKING_REMINDER', data: { keyword4: { value: no } } });
    expect((sent[0]!.body as { client_msg_id: string }).client_msg_id).toMatch(/^appt-reminder-\d+$/);
  });

  it('when the reminder template was set on the appointment settings then notice templates show it, and a change of another id keeps it', async () => {
    expect((await api(t, 'PUT', '/appointment-settings', { reminderTemplateId: 'TPL_FROM_APPOINTMENTS' })).statusCode).toBe(200);
    expect((await api(t, 'GET', '/notice-templates')).json()).toMatchObject({ bookingReminder: 'TPL_FROM_APPOINTMENTS' });
    const put = await api(t, 'PUT', '/notice-templates', { ticketReply: 'TPL_TICKET_REPLY' });
    expect(put.json()).toMatchObject({ bookingReminder: 'TPL_FROM_APPOINTMENTS', ticketReply: 'TPL_TICKET_REPLY', ticketStatus: 'TPL_TICKET_STATUS' });
    expect((await api(t, 'GET', '/appointment-settings')).json()).toMatchObject({ reminderTemplateId: 'TPL_FROM_APPOINTMENTS' });
  });

  it('when a template id is not a WeChat id then the 400 names the field', async () => {
    const res = await api(t, 'PUT', '/notice-templates', { ticketReply: 'bad id!' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('ticketReply');
  });
});
