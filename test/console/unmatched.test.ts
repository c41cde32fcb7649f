import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders } from '../helpers/app.js';
import { postWechat, textXml } from '../helpers/wechat.js';
import { BROWSER_TEST_TIMEOUT, foreignRequests, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';

describe('the unmatched-question loop, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsole();
    const guide = { code: 'HK-1', name: '出生登记', department: '示例区公安分局', status: 'published', keywords: ['上户口', '落户'] };
    const created = await rig.test.app.inject({ method: 'POST', url: '/admin/api/guides', headers: adminHeaders, payload: guide });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('when a question found nothing then one synonym from the unmatched list makes the simulator find its guide', async () => {
    const asked = await postWechat(rig.test.app, textXml('户籍', { from: 'oUnmatched0001' }));
    expect(asked.statusCode).toBe(200);

    const { page, requests } = await openPage(rig);
    await signIn(page, rig.base);
    await page.getByRole('menuitem', { name: '未匹配' }).click();
    await page.waitForURL(`${rig.base}/console/unmatched`);
    const table = page.locator('[data-test=unmatched-table]');
    const row = table.getByRole('row', { name: /户籍/ });
    for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
      await page.waitForTimeout(300);
      await page.getByRole('radio', { name: '近 7 天' }).click({ force: true });
      await page.getByRole('radio', { name: '今天' }).click({ force: true });
    }
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('未解决');
    await screenshot(page, 'unmatched');

    await row.getByRole('button', { name: '加同义词' }).click();
    const dialog = page.getByRole('dialog', { name: '添加同义词' });
    await dialog.getByLabel('同义词').fill('户口');
    await dialog.getByLabel('同义词').press('Enter');
    await dialog.getByLabel('同义词').fill('落户');
    await screenshot(page, 'unmatched-synonym');
    await page.locator('[data-test=synonym-save]').click();
    await page.getByText('已添加同义词').waitFor();

    await page.getByRole('menuitem', { name: '试一试' }).click();
    await page.locator('[data-test=sim-input]').fill('户籍');
    await page.locator('[data-test=sim-send]').click();
    await expect(page.locator('[data-test=sim-reply]').first().textContent()).resolves.toContain('出生登记');

    await page.getByRole('menuitem', { name: '未匹配' }).click();
    const resolved = table.getByRole('row', { name: /户籍/ }).filter({ hasText: '已解决' });
    // The message log is written in batches: refresh until the later answer is in.
    for (let i = 0; i < 20 && (await resolved.count()) === 0; i++) {
      await page.waitForTimeout(300);
      await page.getByRole('radio', { name: '近 30 天' }).click({ force: true });
      await page.getByRole('radio', { name: '近 7 天' }).click({ force: true });
    }
    await resolved.waitFor();
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });
});
