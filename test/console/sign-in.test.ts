import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, BROWSER_TEST_TIMEOUT, foreignRequests, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';

describe('console sign-in, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsole();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('when every console page is opened without a session then the browser lands on the sign-in page', async () => {
    const { page } = await openPage(rig);
    for (const path of ['/console/', '/console/keywords', '/console/simulator', '/console/inbox', '/console/unmatched']) {
      await page.goto(`${rig.base}${path}`);
      await page.waitForURL((url) => url.pathname === '/console/login');
      await expect(page.locator('input[name=username]').isVisible()).resolves.toBe(true);
    }
    await page.context().close();
  });

  it('when the operator mistypes the password then the page says so, and the right one opens the dashboard', async () => {
    const { page, requests } = await openPage(rig);
    await page.goto(`${rig.base}/console/login`);
    await page.fill('input[name=username]', ADMIN.username);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码错误');
    await screenshot(page, 'login-error');

    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${rig.base}/console/`);
    await page.getByText('今日消息').waitFor();

    for (const name of ['消息', '关键词回复', '试一试', '未匹配']) {
      await expect(page.getByRole('menuitem', { name }).isVisible()).resolves.toBe(true);
    }
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });

  it('when a session is signed out then the pages ask for sign-in again', async () => {
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL((url) => url.pathname === '/console/login');
    await page.goto(`${rig.base}/console/keywords`);
    await page.waitForURL((url) => url.pathname === '/console/login');
    await page.context().close();
  });

  // Last in the file: the lock-out also throttles this address.
  it('when the password is wrong five times then the next attempt is refused with when to retry, even with the right password', async () => {
    const { page } = await openPage(rig);
    await page.goto(`${rig.base}/console/login`);
    await page.fill('input[name=username]', 'wangxm');
    // Five failures in 15 minutes lock the name and the address (the address already failed once above).
    const statuses: number[] = [];
    while (!statuses.includes(429) && statuses.length < 6) {
      await page.fill('input[name=password]', `wrong-password-${statuses.length}`);
      const answered = page.waitForResponse((r) => r.url().endsWith('/admin/api/auth/login'));
      await page.click('button[type=submit]');
      statuses.push((await answered).status());
      if (statuses.at(-1) === 401) await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    }
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);

    await page.fill('input[name=username]', ADMIN.username);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    const alert = page.getByRole('alert').filter({ hasText: '登录失败次数过多' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/\d{2}:\d{2}/);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await screenshot(page, 'login-locked');
    await page.context().close();
  });
});
