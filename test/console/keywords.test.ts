import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, foreignRequests, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';

describe('keyword replies tried in the simulator, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsole();
    const menu = {
      button: [
        { type: 'click', name: '办事指南', key: 'search:居住证' },
        { name: '我要办', sub_button: [{ type: 'click', name: '预约办理', key: 'appointment' }, { type: 'click', name: '我的诉求', key: 'tickets:mine' }] },
        { type: 'view', name: '政务网站', url: 'https://zw.example.gov.cn' },
      ],
    };
    const saved = await rig.test.app.inject({ method: 'PUT', url: '/admin/api/menu', headers: adminHeaders, payload: menu });
    expect(saved.statusCode, saved.body).toBe(200);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('when an editor creates a rule in the form then the simulator answers with it, and after an edit with the new reply', async () => {
    const { page, requests } = await openPage(rig);
    await signIn(page, rig.base);

    await page.goto(`${rig.base}/console/keywords`);
    await page.getByRole('button', { name: '新建规则' }).click();
    const form = page.locator('[data-test=rule-form]');
    await form.getByLabel('规则名称').fill('居住证办理');
    await form.getByLabel('关键词 1', { exact: true }).fill('居住证');
    await form.getByLabel('回复 1 内容').fill('居住证请到户籍窗口办理，详见 <a href="https://zw.example.gov.cn/jzz">办事指南</a>');
    await page.locator('[data-test=rule-save]').click();
    const row = page.locator('[data-test=rule-table]').getByRole('row', { name: /居住证办理/ });
    await row.waitFor();
    await screenshot(page, 'keywords');

    await page.getByRole('menuitem', { name: '试一试' }).click();
    await page.waitForURL(`${rig.base}/console/simulator`);
    await page.locator('[data-test=sim-input]').fill('我想办居住证');
    await page.locator('[data-test=sim-send]').click();
    const first = page.locator('[data-test=sim-reply]').first();
    await expect(first.textContent()).resolves.toContain('居住证请到户籍窗口办理，详见 办事指南');
    await expect(first.getByRole('link', { name: '办事指南' }).getAttribute('href')).resolves.toBe('https://zw.example.gov.cn/jzz');
    await expect(page.locator('[data-test=sim-rule]').first().textContent()).resolves.toContain('居住证办理');
    await page.getByRole('button', { name: '切换到菜单' }).click();
    await page.getByRole('button', { name: '我要办' }).click();
    await page.getByRole('button', { name: '我的诉求' }).click();
    await expect(page.locator('[data-test=sim-reply]').nth(1).textContent()).resolves.toMatch(/\S/);
    await page.getByRole('button', { name: '我要办' }).click();
    await screenshot(page, 'simulator');
    await page.getByRole('button', { name: '我要办' }).click();
    await page.getByRole('button', { name: '切换到键盘' }).click();

    await page.getByRole('menuitem', { name: '关键词回复' }).click();
    await page.locator('[data-test=rule-table]').getByRole('row', { name: /居住证办理/ }).getByRole('button', { name: '编辑' }).click();
    await form.getByLabel('回复 1 内容').fill('居住证现可网上申请，材料齐全当天办结');
    await page.locator('[data-test=rule-save]').click();
    await page.locator('[data-test=rule-table]').getByText('居住证现可网上申请').waitFor();

    await page.getByRole('menuitem', { name: '试一试' }).click();
    await page.locator('[data-test=sim-input]').fill('居住证');
    await page.locator('[data-test=sim-send]').click();
    await expect(page.locator('[data-test=sim-reply]').last().textContent()).resolves.toContain('居住证现可网上申请，材料齐全当天办结');
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });

  it('when the form holds a pattern the server refuses then the error shows next to that keyword and nothing is saved', async () => {
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/keywords`);
    await page.getByRole('button', { name: '新建规则' }).click();
    const form = page.locator('[data-test=rule-form]');
    await form.getByLabel('规则名称').fill('社保卡');
    await form.getByLabel('关键词 1', { exact: true }).fill('社保卡');
    await form.getByRole('button', { name: '＋ 添加关键词' }).click();
    await form.getByLabel('关键词 2 匹配方式').click({ force: true });
    await page.getByRole('option', { name: '正则' }).click();
    await form.getByLabel('关键词 2', { exact: true }).fill('(社保');
    await form.getByLabel('回复 1 内容').fill('社保卡补办请带身份证');
    await page.locator('[data-test=rule-save]').click();
    const error = page.locator('[data-test="error-keywords.1.text"]');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/\S/);
    await expect(page.locator('[data-test="error-keywords.0.text"]').count()).resolves.toBe(0);
    await screenshot(page, 'keywords-form-error');

    await page.getByRole('button', { name: '取消' }).click();
    await expect(page.locator('[data-test=rule-table]').getByRole('row', { name: /社保卡/ }).count()).resolves.toBe(0);
    await page.context().close();
  });
});
