import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guide } from '../features/content/content-helpers.js';
import { BROWSER_TEST_TIMEOUT, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';
import { adminCall, consoleOperator } from './operators.js';

describe('自定义菜单, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  let editor: { username: string; password: string };
  // Building the console and seeding can outlast the default hook timeout on a busy machine.
  beforeAll(async () => {
    rig = await startConsole();
    editor = await consoleOperator(rig, '吴编辑', 'wueditor', ['editor']);
    expect((await adminCall(rig, 'POST', '/guides', guide('MENU-G1', '居住证办理'))).status).toBe(201);
  }, BROWSER_TEST_TIMEOUT);
  afterAll(async () => {
    await rig?.close();
  });

  it('when an editor builds the menu, a key names missing content, then fixes it and publishes, the menu reaches WeChat', async () => {
    const { page } = await openPage(rig);
    await signIn(page, rig.base, editor.username, editor.password);
    await page.getByRole('menuitem', { name: '自定义菜单' }).click();
    await page.waitForURL(`${rig.base}/console/menu`);
    const preview = page.locator('[data-test=menu-preview]');
    await preview.getByText('菜单', { exact: true }).waitFor();

    // WeChat's limits are checked while typing: a top-level name is at most 16 bytes.
    await page.getByLabel('菜单名称').fill('这是一个很长的菜单');
    await page.getByText('一级菜单名称最长 16 字节').waitFor();
    await page.getByLabel('菜单名称').fill('办证');
    await expect(page.getByText('一级菜单名称最长 16 字节').count()).resolves.toBe(0);
    await page.locator('[data-test=action-picker]').click();
    await page.getByRole('option', { name: '指南：居住证办理' }).click();

    await page.locator('[data-test=menu-add]').click();
    await page.getByLabel('菜单名称').fill('投诉');
    await page.locator('[data-test=action-picker]').click();
    await page.keyboard.type('guide:NO-SUCH');
    await page.keyboard.press('Enter');
    await page.locator('[data-test=menu-save]').click();
    // The API refuses a key that points at a guide that does not exist, and the form says where.
    await page.getByText('办事指南“NO-SUCH”不存在').first().waitFor();
    await page.locator('[data-test=action-picker]').click();
    await page.getByRole('option', { name: '我要投诉' }).click();
    await screenshot(page, 'menu');

    await page.locator('[data-test=menu-publish]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('新增：办证（guide:MENU-G1）').waitFor();
    await dialog.getByText('新增：投诉（ticket:投诉）').waitFor();
    await screenshot(page, 'menu-publish-diff');
    await dialog.getByRole('button', { name: '发布' }).click();
    await page.getByText('有未发布的修改').waitFor({ state: 'detached' });
    await page.getByText(/上次发布/).waitFor();

    const calls = rig.test.fake.callsTo('/cgi-bin/menu/create');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      button: [
        { type: 'click', name: '办证', key: 'guide:MENU-G1' },
        { type: 'click', name: '投诉', key: 'ticket:投诉' },
      ],
    });
    await page.context().close();
  });
});
