import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, cstInstant } from '../../../src/calendar/dates.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { FakeWechat } from '../../helpers/fake-wechat.js';
import { admin, bookingNoOf, Citizen, createService, hallBody, makeRemindersDue, sleep, today } from './helpers.js';

const TEMPLATE = '/cgi-bin/message/template/send';
const CUSTOM = '/cgi-bin/message/custom/send';
/** Two days ahead: every reminder up to a day before is still in the future. */
const body = (code: string, extra: Record<string, unknown> = {}) =>
  hallBody({ code, bookingWindow: { minDaysAhead: 2, maxDaysAhead: 2 }, reminderMinutesBefore: [1440, 60], ...extra });

const to = (fake: FakeWechat, path: string, openId: string) => fake.callsTo(path).filter((c) => (c.body as { touser?: string }).touser === openId);

async function waitTo(fake: FakeWechat, path: string, openId: string, count: number): Promise<void> {
  const deadline = Date.now() + 8000;
  while (to(fake, path, openId).length < count && Date.now() < deadline) await sleep(50);
}

async function book(t: TestApp, openId: string, code: string, phone: string): Promise<string> {
  const c = new Citizen(t, openId);
  await c.toConfirmation(code, { phone });
  const no = bookingNoOf(await c.say('1'));
  expect(no).toBeDefined();
  return no!;
}

describe('appointment reminders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await createService(t, body('R1', { reminderTemplateId: 'TPL_SERVICE' }));
    await createService(t, body('R2'));
  });
  afterAll(async () => t.close());

  /** The reminder is due a day or more after the booking conversation: the citizen's 48-hour window has usually closed. */
  const windowClosed = (openId: string) => t.kv.del(`window:default:${openId}`);

  it('when a booking is made then one reminder per reminderMinutesBefore is scheduled and, outside the 48-hour window, sent as a template message when due', async () => {
    const no = await book(t, 'oRemindTpl', 'R1', '13600000001');
    await windowClosed('oRemindTpl');
    const slot = cstInstant(addDays(today(), 2), '09:00');
    const { rows } = await t.db.query('SELECT r.minutes_before, r.due_at, r.status FROM appointment_reminders r JOIN appointment_bookings b ON b.id = r.booking_id WHERE b.booking_no = $1 ORDER BY minutes_before', [no]);
    expect(rows).toEqual([
      { minutes_before: 60, due_at: new Date(slot.getTime() - 3600_000), status: 'pending' },
      { minutes_before: 1440, due_at: new Date(slot.getTime() - 86_400_000), status: 'pending' },
    ]);
    await sleep(1500);
    expect(to(t.fake, TEMPLATE, 'oRemindTpl')).toHaveLength(0);

    await makeRemindersDue(t);
    await waitTo(t.fake, TEMPLATE, 'oRemindTpl', 2);
    const sent = to(t.fake, TEMPLATE, 'oRemindTpl');
    expect(sent).toHaveLength(2);
    const message = sent[0]!.body as { template_id: string; client_msg_id: string; data: Record<string, { value: string }> };
    expect(message.template_id).toBe('TPL_SERVICE');
    expect(message.client_msg_id).toMatch(/^appt-reminder-\d+$/);
    expect(message.data.keyword4!.value).toBe(no);
    expect(message.data.keyword2!.value).toContain(`${addDays(today(), 2)}`);
    expect(message.data.keyword3!.value).toBe('测试路1号');
    expect(message.data.remark!.value).toContain('请携带：居民身份证原件');
    // The row is marked sent after WeChat has answered, so it can trail the call the fake recorded by a moment.
    const statuses = async () =>
      (await t.db.query("SELECT r.status, r.channel FROM appointment_reminders r JOIN appointment_bookings b ON b.id = r.booking_id WHERE b.booking_no = $1 ORDER BY r.minutes_before", [no])).rows;
    const deadline = Date.now() + 5000;
    let after = await statuses();
    while (after.some((r) => r.status !== 'sent') && Date.now() < deadline) {
      await sleep(50);
      after = await statuses();
    }
    expect(after).toEqual([{ status: 'sent', channel: 'template' }, { status: 'sent', channel: 'template' }]);
  });

  it('when no template is configured then the reminder goes out as a text message; the account template applies to every service', async () => {
    await book(t, 'oRemindText', 'R2', '13600000002');
    await makeRemindersDue(t);
    await waitTo(t.fake, CUSTOM, 'oRemindText', 2);
    const texts = to(t.fake, CUSTOM, 'oRemindText');
    expect(texts).toHaveLength(2);
    expect((texts[0]!.body as { text: { content: string } }).text.content).toContain('【预约提醒】您预约的测试大厅窗口');

    expect((await admin(t, 'PUT', '/appointment-settings', { reminderTemplateId: 'TPL_ACCOUNT' })).statusCode).toBe(200);
    await book(t, 'oRemindAccount', 'R2', '13600000003');
    await windowClosed('oRemindAccount');
    await makeRemindersDue(t);
    await waitTo(t.fake, TEMPLATE, 'oRemindAccount', 2);
    expect(to(t.fake, TEMPLATE, 'oRemindAccount').map((c) => (c.body as { template_id: string }).template_id)).toEqual(['TPL_ACCOUNT', 'TPL_ACCOUNT']);
    await admin(t, 'PUT', '/appointment-settings', { reminderTemplateId: null });
  });

  it('when the citizen wrote within the last 48 hours then the reminder goes as a customer-service message even though a template is configured', async () => {
    await book(t, 'oRemindInWindow', 'R1', '13600000007');
    await makeRemindersDue(t);
    await waitTo(t.fake, CUSTOM, 'oRemindInWindow', 2);
    expect((to(t.fake, CUSTOM, 'oRemindInWindow')[0]!.body as { text: { content: string } }).text.content).toContain('【预约提醒】');
    expect(to(t.fake, TEMPLATE, 'oRemindInWindow')).toHaveLength(0);
  });

  it('when a booking is cancelled then its reminders never go out, even if the job is woken', async () => {
    const no = await book(t, 'oRemindCancelled', 'R1', '13600000004');
    await book(t, 'oRemindKept', 'R1', '13600000005');
    await windowClosed('oRemindKept');
    const c = new Citizen(t, 'oRemindCancelled');
    await c.say(`取消预约 ${no}`);
    expect(await c.say('1')).toContain('已取消预约');
    const { rows } = await t.db.query("SELECT r.status FROM appointment_reminders r JOIN appointment_bookings b ON b.id = r.booking_id WHERE b.booking_no = $1", [no]);
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);

    await makeRemindersDue(t, { includeCancelled: true });
    await waitTo(t.fake, TEMPLATE, 'oRemindKept', 2);
    await sleep(1500);
    expect(to(t.fake, TEMPLATE, 'oRemindKept')).toHaveLength(2);
    expect(to(t.fake, TEMPLATE, 'oRemindCancelled')).toHaveLength(0);
  });

  it('when WeChat refuses a reminder permanently then it is marked failed and not retried', async () => {
    t.fake.respond((call) => (call.path === TEMPLATE && (call.body as { touser?: string }).touser === 'oRemindGone' ? { json: { errcode: 43004, errmsg: 'require subscribe' } } : undefined));
    const no = await book(t, 'oRemindGone', 'R1', '13600000006');
    await windowClosed('oRemindGone');
    await makeRemindersDue(t);
    const deadline = Date.now() + 8000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      const { rows } = await t.db.query("SELECT r.status FROM appointment_reminders r JOIN appointment_bookings b ON b.id = r.booking_id WHERE b.booking_no = $1", [no]);
      statuses = rows.map((r) => r.status);
      if (statuses.every((s) => s === 'failed')) break;
      await sleep(100);
    }
    expect(statuses).toEqual(['failed', 'failed']);
    await sleep(1500);
    expect(to(t.fake, TEMPLATE, 'oRemindGone')).toHaveLength(2);
  });
});

describe('reminders across restarts and instances', () => {
  it('when the app restarts before a reminder is due then the new process sends it, once', async () => {
    const fake = await new FakeWechat().start();
    let first: TestApp | undefined = await createTestApp({ fake });
    let second: TestApp | undefined;
    try {
      await createService(first, body('RS', { reminderMinutesBefore: [1440] }));
      await book(first, 'oRestart', 'RS', '13600000011');
      const isolation = first.isolation;
      await first.close();
      first = undefined;
      expect(to(fake, CUSTOM, 'oRestart')).toHaveLength(0);

      second = await createTestApp({ isolation, fake });
      expect(await makeRemindersDue(second)).toBe(1);
      await waitTo(fake, CUSTOM, 'oRestart', 1);
      await sleep(1500);
      expect(to(fake, CUSTOM, 'oRestart')).toHaveLength(1);
    } finally {
      await first?.close();
      await second?.close();
      await fake.stop();
    }
  });

  it('when two instances share the data then each due reminder is sent by only one of them', async () => {
    const a = await createTestApp();
    const b = await createTestApp({ shareWith: a });
    try {
      await createService(a, body('TWO', { reminderMinutesBefore: [1440] }));
      for (let i = 0; i < 6; i++) await book(i % 2 ? a : b, `oTwo${i}`, 'TWO', `1360000002${i}`);
      expect(await makeRemindersDue(a)).toBe(6);
      await a.fake.waitFor(CUSTOM, 6, 8000);
      await sleep(2500);
      for (let i = 0; i < 6; i++) expect(to(a.fake, CUSTOM, `oTwo${i}`)).toHaveLength(1);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
