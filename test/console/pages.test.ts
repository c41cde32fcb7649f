import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';
import { configureDepartments, consoleOperator } from './operators.js';

/** The page contract of the console's second part. */
const PAGES = [
  '/console/tickets',
  '/console/appointments',
  '/console/menu',
  '/console/numbered-menus',
  '/console/content/news',
  '/console/content/guides',
  '/console/content/places',
  '/console/calendar',
  '/console/operators',
  '/console/audit',
  '/console/stats',
];

describe('console pages and navigation by role, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  // Building the console and seeding can outlast the default hook timeout on a busy machine.
  beforeAll(async () => {
    rig = await startConsole({ env: { SEED_DEMO: 'true' } });
    await configureDepartments(rig);
  }, BROWSER_TEST_TIMEOUT);
  afterAll(async () => {
    await rig?.close();
  });

  it('when each page is opened directly without a session then the browser lands on the sign-in page, and after signing in on the page itself', async () => {
    const { page } = await openPage(rig);
    for (const path of PAGES) {
      const res = await page.goto(`${rig.base}${path}`);
      expect(res?.status(), path).toBe(200);
      await page.waitForURL((url) => url.pathname === '/console/login');
      expect(new URL(page.url()).searchParams.get('next'), path).toBe(path.replace('/console', ''));
    }
    await signIn(page, rig.base);
    for (const path of PAGES) {
      await page.goto(`${rig.base}${path}`);
      await page.waitForURL(`${rig.base}${path}`);
    }
    await page.context().close();
  });

  it('when a handler signs in then the navigation shows only the dashboard, tickets and appointments, and other pages send them back', async () => {
    const handler = await consoleOperator(rig, '孙办理', 'sunhandler', ['handler'], '城管局');
    const { page } = await openPage(rig);
    await signIn(page, rig.base, handler.username, handler.password);
    const nav = page.getByRole('menubar', { name: '主菜单' });
    await nav.getByRole('menuitem', { name: '诉求工单' }).waitFor();
    await expect(nav.getByRole('menuitem').allTextContents()).resolves.toEqual(['工作台', '诉求工单', '预约']);
    await screenshot(page, 'nav-handler');
    await page.goto(`${rig.base}/console/menu`);
    await page.waitForURL(`${rig.base}/console/`);
    await page.context().close();
  });

  it('when an editor signs in then the navigation shows content, menus and keyword replies but not tickets, operators or the audit log', async () => {
    const editor = await consoleOperator(rig, '钱编辑', 'qianeditor', ['editor']);
    const { page } = await openPage(rig);
    await signIn(page, rig.base, editor.username, editor.password);
    const nav = page.getByRole('menubar', { name: '主菜单' });
    await nav.getByRole('menuitem', { name: '资讯' }).waitFor();
    const items = await nav.getByRole('menuitem').allTextContents();
    expect(items).toEqual(expect.arrayContaining(['关键词回复', '自定义菜单', '编号菜单', '资讯', '办事指南', '办事网点']));
    for (const hidden of ['诉求工单', '预约', '人员', '操作日志', '统计']) expect(items).not.toContain(hidden);
    await page.context().close();
  });

  it('when the admin reads the audit log and the statistics then each entry shows who, what, when and the change, and each chart exports its figures', async () => {
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    const nav = page.getByRole('menubar', { name: '主菜单' });
    // Every page, 互动征集, 关注者, 群发 and 带参二维码 included.
    await expect(nav.getByRole('menuitem').count()).resolves.toBe(20);
    for (const name of ['互动征集', '关注者', '群发', '带参二维码']) await expect(nav.getByRole('menuitem', { name }).count()).resolves.toBe(1);

    await page.goto(`${rig.base}/console/operators`);
    await page.locator('[data-test=operator-table]').getByRole('row', { name: /孙办理/ }).waitFor();
    // A new handler's department comes from the configured list only.
    await page.getByRole('button', { name: '新建人员' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: '姓名' }).fill('赵办理');
    await page.locator('[data-test=operator-department]').click();
    await expect(page.getByRole('option').allTextContents()).resolves.toEqual(['城管局', '住建局', '民政局']);
    await page.getByRole('option', { name: '民政局' }).click();
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-test=operator-table]').getByRole('row', { name: /赵办理.*民政局/ }).waitFor();
    await screenshot(page, 'operators');

    await page.goto(`${rig.base}/console/audit`);
    await page.getByPlaceholder('对象（如 ticket）').fill('operator');
    const filtered = page.waitForResponse((r) => r.url().includes('/admin/api/audit?') && r.url().includes('resource=operator'));
    await page.getByRole('button', { name: '查询' }).click();
    await filtered;
    await expect.poll(() => page.locator('[data-test=audit-table] tbody tr').allTextContents()).not.toContainEqual(expect.stringContaining('login'));
    const entry = page.locator('[data-test=audit-table]').getByRole('row', { name: /孙办理/ }).first();
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}admincreateoperator \d+\{"name":"孙办理","roles":\["handler"\]/);
    await screenshot(page, 'audit');

    await page.goto(`${rig.base}/console/stats`);
    const chart = page.locator('[data-test="chart-tickets-by-category.csv"]');
    await chart.locator('canvas').waitFor();
    const download = page.waitForEvent('download');
    await chart.getByRole('button', { name: '导出 CSV' }).click();
    const file = await (await download).path();
    const csv = await readFile(file, 'utf8');
    expect(csv.startsWith('\uFEFF项目,工单数')).toBe(true);
    expect(csv.split('\r\n').length).toBeGreaterThan(2);
    await screenshot(page, 'stats');
    await page.context().close();
  });

  it('when the admin opens numbered menus, news, places and the calendar then each shows the demo content, and a news draft previews as its H5 page', async () => {
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/numbered-menus`);
    await page.getByRole('menuitem', { name: /^main/ }).click();
    await expect(page.locator('[data-test=numbered-preview]').textContent()).resolves.toContain('1. ');
    await page.getByLabel('选项 1', { exact: true }).fill('办事指南查询');
    await page.locator('[data-test=numbered-preview]').getByText('1. 办事指南查询').waitFor();
    await page.locator('[data-test=numbered-editor]').getByRole('button', { name: '保存' }).click();
    await expect
      .poll(async () => (await rig.test.db.query("SELECT items->0->>'label' AS label FROM numbered_menus WHERE code = 'main'")).rows)
      .toEqual([{ label: '办事指南查询' }]);
    await screenshot(page, 'numbered-menus');

    await page.goto(`${rig.base}/console/content/news`);
    await page.getByRole('button', { name: '写资讯' }).click();
    await page.getByLabel('标题').fill('春节期间政务大厅开放时间');
    await page.getByLabel('正文').fill('2月10日至2月17日闭厅，急事请拨打12345。');
    await page.locator('[data-test=news-preview]').click();
    const frame = page.frameLocator('[data-test=news-preview-frame]');
    await frame.getByRole('heading', { name: '春节期间政务大厅开放时间' }).waitFor();
    await screenshot(page, 'news-preview');
    expect((await rig.test.db.query("SELECT id FROM news_items WHERE title = '春节期间政务大厅开放时间'")).rows).toEqual([]);
    await page.getByRole('button', { name: '发布', exact: true }).click();
    const published = page.locator('[data-test=news-table]').getByRole('row', { name: /春节期间政务大厅开放时间/ });
    await published.getByText('已发布').waitFor();
    await published.getByRole('button', { name: '编辑' }).click();
    await page.getByRole('button', { name: '撤回' }).click();
    await published.getByText('草稿').waitFor();

    await page.goto(`${rig.base}/console/content/places`);
    await page.locator('[data-test=place-table] tbody tr').first().waitFor();
    await screenshot(page, 'places');

    await page.goto(`${rig.base}/console/calendar`);
    await page.locator('[data-test=calendar]').waitFor();
    await screenshot(page, 'calendar');
    await page.context().close();
  });
});
