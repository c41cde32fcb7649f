import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingNoOf, Citizen, createService, hallBody } from '../features/appointments/helpers.js';
import { BROWSER_TEST_TIMEOUT, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';
import { configureDepartments, consoleOperator } from './operators.js';

describe('预约, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  let handler: { username: string; password: string };
  // Building the console and seeding can outlast the default hook timeout on a busy machine.
  beforeAll(async () => {
    rig = await startConsole();
    await configureDepartments(rig);
    handler = await consoleOperator(rig, '周窗口', 'zhouwindow', ['handler'], '民政局');
    await createService(rig.test, hallBody({ code: 'HALL', name: '婚姻登记窗口', department: '民政局' }));
  }, BROWSER_TEST_TIMEOUT);
  afterAll(async () => {
    await rig?.close();
  });

  async function book(openId: string, phone: string): Promise<string> {
    const c = new Citizen(rig.test, openId);
    await c.toConfirmation('HALL', { name: '陈小红', phone });
    const bookingNo = bookingNoOf(await c.say('1'));
    if (!bookingNo) throw new Error('no booking number');
    return bookingNo;
  }

  it('when a handler checks in a booking found by its 预约号 then it is checked in, and a booking for another day is refused with the reason', async () => {
    const early = await book('oBookingCitizen1', '13900001111');
    const today = await book('oBookingCitizen2', '13900002222');
    // The citizen arrives on the day of the booking.
    await rig.test.db.query("UPDATE appointment_bookings SET slot_start = now(), slot_end = now() + interval '30 minutes' WHERE booking_no = $1", [today]);

    const { page } = await openPage(rig);
    await signIn(page, rig.base, handler.username, handler.password);
    await page.getByRole('menuitem', { name: '预约' }).click();
    await page.waitForURL(`${rig.base}/console/appointments`);
    const table = page.locator('[data-test=booking-table]');
    const row = table.getByRole('row', { name: new RegExp(today) });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('陈*');
    await expect(row.textContent()).resolves.not.toContain('13900002222');
    await expect(table.getByRole('row', { name: new RegExp(early) }).count()).resolves.toBe(0);

    await page.getByLabel('预约号').fill(early);
    await page.getByRole('button', { name: '查找' }).click();
    await page.locator('[data-test=found-booking]').getByText(early).waitFor();
    await page.locator('[data-test=check-in-by-number]').click();
    await page.getByText('只能在预约当天签到').waitFor();

    await page.getByLabel('预约号').fill(today);
    await page.getByRole('button', { name: '查找' }).click();
    await page.locator('[data-test=found-booking]').getByText(today).waitFor();
    await page.locator('[data-test=check-in-by-number]').click();
    await page.locator('[data-test=found-booking]').getByText('已签到').waitFor();
    await row.getByText('已签到').waitFor();
    await screenshot(page, 'appointments');

    const { rows } = await rig.test.db.query('SELECT booking_no, status FROM appointment_bookings ORDER BY booking_no');
    expect(Object.fromEntries(rows.map((r: { booking_no: string; status: string }) => [r.booking_no, r.status]))).toEqual({ [early]: 'booked', [today]: 'checked_in' });
    await page.context().close();
  });

  it('when the admin opens the services tab then each service shows its weekly schedule and rules', async () => {
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/appointments`);
    await page.getByRole('tab', { name: '预约事项' }).click();
    const row = page.locator('[data-test=service-table]').getByRole('row', { name: /婚姻登记窗口/ });
    await expect(row.textContent()).resolves.toContain('周一二三四五六日 09:00–10:00');
    await row.getByRole('button', { name: '编辑' }).click();
    await page.getByText('添加时段').waitFor();
    await screenshot(page, 'appointment-service');
    await page.context().close();
  });

  it('when the admin makes a day with bookings a holiday then the bookings are listed first, only a confirmation sets it, and the ticked option cancels them and notifies the citizen', async () => {
    const bookingNo = await book('oBookingCitizen3', '13900003333');
    const { rows } = await rig.test.db.query("SELECT to_char(slot_start AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM appointment_bookings WHERE booking_no = $1", [bookingNo]);
    const day = rows[0].day as string;
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.getByRole('menuitem', { name: '日历' }).click();
    const cell = page.locator(`[data-test=calendar] [data-date="${day}"]`);
    await page.locator('[data-test=calendar]').waitFor();
    // The booking's day may fall in next month's page of the calendar.
    if ((await cell.count()) === 0) await page.getByRole('button', { name: '下个月' }).click();
    await cell.click();
    const dialog = page.getByRole('dialog', { name: day });
    await dialog.getByText('节假日').click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.locator('[data-test=holiday-bookings]').getByText(bookingNo).waitFor();
    await screenshot(page, 'calendar-holiday-bookings');
    expect((await rig.test.db.query('SELECT kind FROM calendar_days WHERE day = $1::date', [day])).rows).toEqual([]);

    await dialog.locator('[data-test=cancel-bookings]').getByText('通知市民并取消这些预约').click();
    await dialog.getByLabel('取消原因').fill('办公楼停电检修');
    // The first test's early booking may fall on the same day: every booked citizen of the day is told.
    const { rows: onDay } = await rig.test.db.query(
      "SELECT open_id FROM appointment_bookings WHERE status = 'booked' AND to_char(slot_start AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') = $1 ORDER BY open_id",
      [day],
    );
    const citizens = onDay.map((r: { open_id: string }) => r.open_id);
    expect(citizens).toContain('oBookingCitizen3');
    rig.test.fake.reset();
    await dialog.getByRole('button', { name: '仍设为节假日' }).click();
    await page.getByRole('dialog', { name: '当天已有预约' }).getByRole('button', { name: '仍设为节假日' }).click();
    await cell.getByText('休').waitFor();
    expect((await rig.test.db.query('SELECT kind FROM calendar_days WHERE day = $1::date', [day])).rows).toEqual([{ kind: 'holiday' }]);

    // The citizen wrote while booking, so the 48-hour window is open: a customer-service text.
    const result = page.locator('[data-test=cancel-result]');
    await result.getByRole('row', { name: new RegExp(bookingNo) }).getByText('客服消息').waitFor();
    await expect(result.textContent()).resolves.toMatch(new RegExp(`已取消\\s*${citizens.length}\\s*已通知\\s*${citizens.length}\\s*未送达\\s*0`));
    await screenshot(page, 'calendar-holiday-cancelled');
    const sent = rig.test.fake.callsTo('/cgi-bin/message/custom/send');
    expect(sent.map((c) => (c.body as { touser: string }).touser).sort()).toEqual(citizens);
    const notice = sent.find((c) => (c.body as { touser: string }).touser === 'oBookingCitizen3')!;
    expect((notice.body as { text: { content: string } }).text.content).toContain(bookingNo);
    expect((await rig.test.db.query('SELECT status FROM appointment_bookings WHERE booking_no = $1', [bookingNo])).rows).toEqual([{ status: 'cancelled' }]);
    await page.context().close();
  });
});
