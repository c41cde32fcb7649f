import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSchemaFor } from '../../../src/features/appointments/reminder-queue.js';
import { addDays } from '../../../src/calendar/dates.js';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, bookingNoOf, Citizen, createService, hallBody, today, tomorrow } from './helpers.js';

const TEMPLATE = '/cgi-bin/message/template/send';
const CUSTOM = '/cgi-bin/message/custom/send';

interface CancelDayResult {
  date: string;
  cancelled: number;
  notified: number;
  undelivered: number;
  items: Array<{ bookingNo: string; service: string; start: string; cancelled: boolean; notice: string; reason: string | null }>;
}

const to = (t: TestApp, path: string, openId: string) => t.fake.callsTo(path).filter((c) => (c.body as { touser?: string }).touser === openId);

async function book(t: TestApp, openId: string, code: string, phone: string): Promise<string> {
  const c = new Citizen(t, openId);
  await c.toConfirmation(code, { phone });
  const no = bookingNoOf(await c.say('1'));
  expect(no).toBeDefined();
  return no!;
}

describe('cancelling the bookings of a day that became a holiday', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // Bookable from tomorrow: the first date a citizen picks is tomorrow.
    await createService(t, hallBody({ code: 'DC1', name: '户籍窗口', reminderMinutesBefore: [60] }));
    await createService(t, hallBody({ code: 'DC2', name: '社保窗口', bookingWindow: { minDaysAhead: 2, maxDaysAhead: 3 } }));
  });
  afterAll(async () => t.close());

  const cancelDay = async (body: Record<string, unknown>) => admin(t, 'POST', '/appointments/cancel-day', body);

  it('when the day is cancelled with notify then each citizen is told once (text inside the window, the booking-change template outside), places and reminders are released, and a second call does nothing', async () => {
    expect((await admin(t, 'PUT', '/notice-templates', { bookingChange: 'TPL_BOOKING_CHANGE' })).statusCode).toBe(200);
    const inside = await book(t, 'oDayInside', 'DC1', '13700000001');
    const outside = await book(t, 'oDayOutside', 'DC1', '13700000002');
    const otherDay = await book(t, 'oDayOther', 'DC2', '13700000003');
    // The second citizen last wrote more than 48 hours ago.
    await t.kv.del('window:default:oDayOutside');
    const slot = async () => (await t.db.query("SELECT booked FROM appointment_slots s JOIN appointment_services v ON v.id = s.service_id WHERE v.code = 'DC1'")).rows;
    expect(await slot()).toEqual([{ booked: 2 }]);
    t.fake.reset();

    const res = await cancelDay({ date: tomorrow(), reason: '办公楼停电检修', notify: true });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as CancelDayResult;
    expect(result).toMatchObject({ date: tomorrow(), cancelled: 2, notified: 2, undelivered: 0 });
    expect(result.items.map((i) => [i.bookingNo, i.cancelled, i.notice]).sort()).toEqual(
      [[inside, true, 'text'], [outside, true, 'template']].sort(),
    );

    const texts = to(t, CUSTOM, 'oDayInside');
    expect(texts).toHaveLength(1);
    const content = (texts[0]!.body as { text: { content: string } }).text.content;
    expect(content).toContain(inside);
    expect(content).toContain('办公楼停电检修');
    expect(to(t, TEMPLATE, 'oDayInside')).toHaveLength(0);
    expect(to(t, CUSTOM, 'oDayOutside')).toHaveLength(0);
    const templates = to(t, TEMPLATE, 'oDayOutside');
    expect(templates).toHaveLength(1);
    const message = templates[0]!.body as { template_id: string; client_msg_id: string; data: Record<string, { value: string }> };
    expect(message.template_id).toBe('TPL_BOOKING_CHANGE');
    expect(message.client_msg_id).toMatch(/^appt-cancel-\d+$/);
    expect(message.data.keyword4!.value).toBe(outside);
    expect(message.data.keyword2!.value).toContain(tomorrow());
    expect(to(t, CUSTOM, 'oDayOther')).toHaveLength(0);

    expect(await slot()).toEqual([{ booked: 0 }]);
    const bookings = await t.db.query('SELECT booking_no, status FROM appointment_bookings ORDER BY booking_no');
    expect(Object.fromEntries(bookings.rows.map((r: { booking_no: string; status: string }) => [r.booking_no, r.status]))).toEqual({
      [inside]: 'cancelled',
      [outside]: 'cancelled',
      [otherDay]: 'booked',
    });
    const reminders = await t.db.query(
      "SELECT r.status, r.job_id FROM appointment_reminders r JOIN appointment_bookings b ON b.id = r.booking_id WHERE b.booking_no = ANY($1) ORDER BY b.booking_no",
      [[inside, outside]],
    );
    expect(reminders.rows.map((r: { status: string }) => r.status)).toEqual(['cancelled', 'cancelled']);
    const jobs = await t.db.query(`SELECT state FROM ${jobSchemaFor(t.isolation.schema)}.job WHERE id = ANY($1::uuid[])`, [reminders.rows.map((r: { job_id: string }) => r.job_id)]);
    expect(jobs.rows).toEqual([{ state: 'cancelled' }, { state: 'cancelled' }]);
    const audit = await t.db.query("SELECT detail FROM audit_log WHERE action = 'cancel-day'");
    expect(audit.rows[0].detail).toMatchObject({ reason: '办公楼停电检修', cancelled: 2, notified: 2, undelivered: 0 });

    const again = await cancelDay({ date: tomorrow(), reason: '办公楼停电检修', notify: true });
    expect(again.json()).toEqual({ date: tomorrow(), cancelled: 0, notified: 0, undelivered: 0, items: [] });
    expect(t.fake.callsTo(CUSTOM)).toHaveLength(1);
    expect(t.fake.callsTo(TEMPLATE)).toHaveLength(1);
  });

  it('when a citizen is outside the window and no booking-change template is set then the notice is recorded as undelivered and counted', async () => {
    expect((await admin(t, 'PUT', '/notice-templates', { bookingChange: null })).statusCode).toBe(200);
    const day = (await t.db.query("SELECT to_char(slot_start AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM appointment_bookings WHERE status = 'booked'")).rows[0].day as string;
    await t.kv.del('window:default:oDayOther');
    t.fake.reset();

    const result = (await cancelDay({ date: day, reason: '临时闭馆', notify: true })).json() as CancelDayResult;
    expect(result).toMatchObject({ cancelled: 1, notified: 0, undelivered: 1 });
    expect(result.items[0]).toMatchObject({ notice: 'undelivered', reason: expect.stringContaining('未配置预约变更模板消息') });
    expect(t.fake.callsTo(CUSTOM).concat(t.fake.callsTo(TEMPLATE))).toHaveLength(0);
    const stored = await t.db.query('SELECT n.status, n.last_error FROM appointment_cancel_notices n JOIN appointment_bookings b ON b.id = n.booking_id WHERE b.open_id = $1', ['oDayOther']);
    expect(stored.rows).toEqual([{ status: 'undelivered', last_error: expect.stringContaining('48小时') }]);
    // Operators find it with the other notices that reached no one.
    const listed = (await admin(t, 'GET', '/notice-templates/undelivered')).json().items as Array<{ kind: string; reference: string }>;
    const bookingNo = (await t.db.query('SELECT booking_no FROM appointment_bookings WHERE open_id = $1', ['oDayOther'])).rows[0].booking_no;
    expect(listed).toContainEqual(expect.objectContaining({ kind: 'booking-change', reference: bookingNo }));
  });

  it('when a handler cancels a day then only the bookings of their department\'s services are cancelled, and an editor may not', async () => {
    expect((await admin(t, 'PUT', '/tickets/settings', { departments: ['民政局', '城管局'] })).statusCode).toBe(200);
    await createService(t, hallBody({ code: 'DC3', name: '婚姻登记', department: '民政局', bookingWindow: { minDaysAhead: 3, maxDaysAhead: 3 } }));
    const no = await book(t, 'oDayScoped', 'DC3', '13700000004');
    const day = addDays(today(), 3);
    const headersOf = async (name: string, roles: string[], department?: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/admin/api/operators', headers: adminHeaders, payload: { name, roles, ...(department ? { department } : {}) } });
      expect(res.statusCode, res.body).toBe(201);
      return { authorization: `Bearer ${res.json().token}` };
    };
    const as = async (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/admin/api/appointments/cancel-day', headers, payload: { date: day, reason: '停电', notify: false } });
    const status = async () => (await t.db.query('SELECT status FROM appointment_bookings WHERE booking_no = $1', [no])).rows[0].status;

    expect((await as(await headersOf('编辑小赵', ['editor']))).statusCode).toBe(403);
    const other = await as(await headersOf('城管小王', ['handler'], '城管局'));
    expect(other.json()).toMatchObject({ cancelled: 0, items: [] });
    expect(await status()).toBe('booked');
    const own = (await as(await headersOf('民政小李', ['handler'], '民政局'))).json() as CancelDayResult;
    expect(own).toMatchObject({ cancelled: 1, notified: 0, undelivered: 0, items: [{ bookingNo: no, cancelled: true, notice: 'none' }] });
    expect(await status()).toBe('cancelled');
  });

  it('when WeChat refuses a notice then it is undelivered with WeChat\'s reason, and a notice left pending by an interrupted request is sent by the next one', async () => {
    await createService(t, hallBody({ code: 'DC4', name: '出入境窗口', bookingWindow: { minDaysAhead: 4, maxDaysAhead: 4 } }));
    const no = await book(t, 'oDayRefused', 'DC4', '13700000005');
    const day = addDays(today(), 4);
    t.fake.reset();
    t.fake.respond((call) => (call.path === CUSTOM ? { json: { errcode: 43004, errmsg: 'require subscribe' } } : undefined));

    const refused = (await cancelDay({ date: day, reason: '系统升级', notify: true })).json() as CancelDayResult;
    expect(refused).toMatchObject({ cancelled: 1, notified: 0, undelivered: 1, items: [{ bookingNo: no, notice: 'undelivered', reason: expect.stringContaining('市民已取消关注') }] });

    // As if the request had stopped after the cancellation committed, before the notice went out.
    await t.db.query("UPDATE appointment_cancel_notices n SET status = 'pending' FROM appointment_bookings b WHERE b.id = n.booking_id AND b.booking_no = $1", [no]);
    t.fake.reset();
    const resumed = (await cancelDay({ date: day, reason: '系统升级', notify: true })).json() as CancelDayResult;
    expect(resumed).toMatchObject({ cancelled: 0, notified: 1, undelivered: 0, items: [{ bookingNo: no, cancelled: false, notice: 'text' }] });
    expect(to(t, CUSTOM, 'oDayRefused')).toHaveLength(1);
    expect((await cancelDay({ date: day, reason: '系统升级', notify: true })).json()).toMatchObject({ notified: 0, items: [] });
  });

  it('when the date is not a real date or the reason is missing then a 400 names the field', async () => {
    const bad = await cancelDay({ date: '2026-02-30', reason: '停电' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('date');
    const noReason = await cancelDay({ date: tomorrow() });
    expect(noReason.statusCode).toBe(400);
    expect(JSON.stringify(noReason.json())).toContain('reason');
  });
});
