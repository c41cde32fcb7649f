import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders } from '../helpers/app.js';
import { postWechat, textXml } from '../helpers/wechat.js';
import { BROWSER_TEST_TIMEOUT, foreignRequests, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';

describe('a new editor’s first sign-in and a busy dashboard, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsole();
    const editor = { name: '王小明', username: 'wangxm', password: 'initial-pass-123', roles: ['editor'] };
    const created = await rig.test.app.inject({ method: 'POST', url: '/admin/api/operators', headers: adminHeaders, payload: editor });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('when an editor signs in with the initial password then the console asks for a new one first, and shows only the editor’s screens', async () => {
    const { page, requests } = await openPage(rig);
    await page.goto(`${rig.base}/console/login`);
    await page.fill('input[name=username]', 'wangxm');
    await page.fill('input[name=password]', 'initial-pass-123');
    await page.click('button[type=submit]');
    await page.waitForURL(`${rig.base}/console/password`);
    await page.getByLabel('当前密码').fill('initial-pass-123');
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.getByText('新密码至少 10 个字符').waitFor();
    await screenshot(page, 'password');

    await page.getByLabel('新密码', { exact: true }).fill('wangxm-new-pass-2026');
    await page.getByLabel('再次输入新密码').fill('wangxm-new-pass-2026');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.waitForURL(`${rig.base}/console/`);
    for (const name of ['关键词回复', '试一试', '未匹配']) await page.getByRole('menuitem', { name }).waitFor();
    await expect(page.getByRole('menuitem', { name: '消息' }).count()).resolves.toBe(0);
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });

  it('when citizens have written today then the dashboard counts them and draws the 30-day chart', async () => {
    const rule = { name: '社保卡', keywords: [{ text: '社保卡', match: 'contains' }], replies: [{ type: 'text', content: '社保卡补办请带身份证到社保窗口' }], replyMode: 'all' };
    const created = await rig.test.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: adminHeaders, payload: rule });
    expect(created.statusCode, created.body).toBe(201);
    const said = ['社保卡怎么补办', '社保卡丢了', '火星签证怎么办', '你好', '社保卡挂失'];
    for (const [i, text] of said.entries()) await postWechat(rig.test.app, textXml(text, { from: `oDashCitizen000${i}` }));

    const { page, requests } = await openPage(rig);
    await signIn(page, rig.base);
    const total = page.locator('[data-test="card-今日消息"]');
    for (let i = 0; i < 20 && (await total.textContent())?.includes('今日消息0'); i++) {
      await page.waitForTimeout(300);
      await page.reload();
    }
    await expect(total.textContent()).resolves.toContain(String(said.length));
    await page.getByRole('img', { name: '近 30 天每日消息数' }).locator('canvas').waitFor();
    await page.getByRole('cell', { name: '社保卡', exact: true }).waitFor();
    await screenshot(page, 'dashboard');
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });
});
