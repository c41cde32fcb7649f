import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingNoOf, Citizen, createService, hallBody } from '../features/appointments/helpers.js';
import { BROWSER_TEST_TIMEOUT, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';
import { configureDepartments, consoleOperator } from './operators.js';

describe('预约, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  let handler: { username: string; password: string };
  beforeAll(async () => {
    rig = await startConsole();
    await configureDepartments(rig);
    handler = await consoleOperator(rig, '周窗口', 'zhouwindow', ['handler'], '民政局');
    await createService(rig.test, hallBody({ code: 'HALL', name: '婚姻登记窗口', department: '民政局' }));
  });
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
});
