import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, fileTicket } from '../features/tickets/helpers.js';
import { BROWSER_TEST_TIMEOUT, foreignRequests, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';
import { adminCall, consoleOperator } from './operators.js';

describe('互动征集 (polls, tips, published answers), in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  // Building the console and seeding can outlast the default hook timeout on a busy machine.
  beforeAll(async () => {
    rig = await startConsole();
  }, BROWSER_TEST_TIMEOUT);
  afterAll(async () => {
    await rig?.close();
  });

  it('when an operator creates a poll then its results page opens and counts the citizens’ chat votes live', async () => {
    const { page, requests } = await openPage(rig);
    await signIn(page, rig.base);
    await page.getByRole('menuitem', { name: '互动征集' }).click();
    await page.waitForURL(`${rig.base}/console/participation`);
    await page.locator('[data-test=poll-new]').click();
    const form = page.locator('[data-test=poll-form]');
    await page.getByLabel('投票标题').fill('口袋公园命名');
    await page.getByLabel('投票问题').fill('新建口袋公园叫什么名字好？');
    await page.getByLabel('选项 1', { exact: true }).fill('翠园');
    await page.getByLabel('选项 2', { exact: true }).fill('翠园');
    await form.locator('[data-test=poll-save]').click();
    // Two equal options are refused before anything is sent.
    await form.getByText('选项不能重复').waitFor();
    await page.getByLabel('选项 2', { exact: true }).fill('荷风园');
    await form.locator('[data-test=poll-add-option]').click();
    await page.getByLabel('选项 3', { exact: true }).fill('邻里园');
    await form.locator('[data-test=poll-save]').click();

    const results = page.locator('[data-test=poll-results]');
    await results.locator('[data-test=poll-voters]').getByText('参与人数：0').waitFor();
    const listed = (await adminCall(rig, 'GET', '/polls')).body as { items: Array<{ id: number; title: string; options: string[]; action: string }> };
    const poll = listed.items.find((p) => p.title === '口袋公园命名')!;
    expect(poll.options).toEqual(['翠园', '荷风园', '邻里园']);
    await results.getByText(poll.action).waitFor();

    // Two citizens vote in chat; the open results page counts them without a reload.
    for (const [openId, choice] of [
      ['oConsolePoll001', '2'],
      ['oConsolePoll002', '2'],
      ['oConsolePoll003', '3'],
    ] as const) {
      const c = citizen(rig.test, openId);
      expect(await c.click(poll.action)).toContain('1. 翠园');
      expect(await c.say(choice)).toContain('投票成功');
    }
    await results.locator('[data-test=poll-voters]').getByText('参与人数：3').waitFor();
    await expect(results.locator('[data-test=poll-option]').allTextContents()).resolves.toEqual([
      expect.stringMatching(/1\. 翠园\s*0 票/),
      expect.stringMatching(/2\. 荷风园\s*2 票/),
      expect.stringMatching(/3\. 邻里园\s*1 票/),
    ]);
    await screenshot(page, 'participation-poll-results');
    await page.keyboard.press('Escape');
    const row = page.locator('[data-test=poll-table]').getByRole('row', { name: /口袋公园命名/ });
    await row.getByRole('cell', { name: '3', exact: true }).waitFor();
    await screenshot(page, 'participation');
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });

  it('when an editor opens a tip collection and a citizen sends a tip then the editor sees it with the contact masked and turns it into a ticket once', async () => {
    const editor = await consoleOperator(rig, '吴编辑', 'wueditor', ['editor']);
    const { page } = await openPage(rig);
    await signIn(page, rig.base, editor.username, editor.password);
    await page.getByRole('menuitem', { name: '互动征集' }).click();
    await page.waitForURL(`${rig.base}/console/participation`);
    await page.getByRole('tab', { name: '线索征集' }).click();
    await page.locator('[data-test=tips-new]').click();
    await page.getByLabel('征集标题').fill('身边好人推荐');
    await page.getByLabel('征集说明').fill('请推荐您身边的好人好事');
    await page.locator('[data-test=tips-form]').getByText('联系方式（选填）').click();
    await page.locator('[data-test=tips-save]').click();
    const collectionRow = page.locator('[data-test=collection-table]').getByRole('row', { name: /身边好人推荐/ });
    await collectionRow.waitFor();
    const action = (await collectionRow.locator('code').textContent())!;
    expect(action).toMatch(/^tips:\d+$/);

    const c = citizen(rig.test, 'oConsoleTipster1');
    expect(await c.click(action)).toContain('请推荐您身边的好人好事');
    await c.say('幸福社区的李阿姨每天义务打扫楼道十年');
    await c.say('完成');
    expect(await c.say('王小明 13700001111')).toMatch(/线索已收到/);

    await page.reload();
    await page.getByRole('tab', { name: '线索征集' }).click();
    await page.locator('[data-test=collection-table]').getByRole('row', { name: /身边好人推荐/ }).getByRole('button', { name: '查看线索' }).click();
    const tipRow = page.locator('[data-test=tip-table]').getByRole('row', { name: /李阿姨/ });
    await tipRow.getByText(/137\*{4}1111/).waitFor();
    await expect(page.locator('[data-test=tips-drawer]').textContent()).resolves.not.toContain('13700001111');
    await tipRow.getByRole('button', { name: '转工单' }).click();
    await page.getByRole('dialog', { name: '线索转为工单' }).locator('[data-test=tip-file]').click();
    await tipRow.locator('[data-test=tip-status]').getByText('已转工单').waitFor();
    await screenshot(page, 'participation-tips');
    const { rows } = await rig.test.db.query("SELECT count(*)::int AS n FROM tickets WHERE content LIKE '%李阿姨每天义务打扫楼道%'");
    expect(rows[0]!.n).toBe(1);
    await page.context().close();
  });

  it('when an operator publishes a closed ticket with edited text then it is on the public page, and withdrawing removes it', async () => {
    const { ticketNo } = await fileTicket(citizen(rig.test, 'oConsoleAnswer1'), '我要投诉', '幸福路路灯坏了一个月，我的电话13912345678');
    const id = ((await adminCall(rig, 'GET', `/tickets?q=${ticketNo}`)).body as { items: Array<{ id: number }> }).items[0]!.id;
    expect((await adminCall(rig, 'POST', `/tickets/${id}/reply`, { content: '路灯已于本周修复。' })).status).toBe(200);
    expect((await adminCall(rig, 'POST', `/tickets/${id}/close`, {})).status).toBe(200);

    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/participation`);
    await page.getByRole('tab', { name: '公开答复' }).click();
    const row = page.locator('[data-test=answer-table]').getByRole('row', { name: new RegExp(ticketNo) });
    await row.locator('[data-test=answer-state]').getByText('未公开').waitFor();
    await row.getByRole('button', { name: '公开答复' }).click();
    // The starting text comes without the citizen's phone number.
    const question = page.getByLabel('公开的问题');
    await expect(question.inputValue()).resolves.toContain('幸福路路灯');
    await expect(question.inputValue()).resolves.not.toContain('13912345678');
    await question.fill('幸福路路灯坏了一个月，何时修复？');
    await page.getByLabel('公开的答复').fill('经核实，路灯已于本周修复，今后将加强巡查。');
    await page.locator('[data-test=answer-publish]').click();
    await row.locator('[data-test=answer-state]').getByText('已公开').waitFor();
    const shown = await rig.test.app.inject({ method: 'GET', url: '/h5/answers' });
    expect(shown.body).toContain('幸福路路灯坏了一个月，何时修复？');

    await row.getByRole('button', { name: '公开答复' }).click();
    await page.locator('[data-test=answer-withdraw]').click();
    await page.getByRole('dialog', { name: '撤回公开答复' }).getByRole('button', { name: '撤回' }).click();
    await row.locator('[data-test=answer-state]').getByText('已撤回').waitFor();
    expect((await rig.test.app.inject({ method: 'GET', url: '/h5/answers' })).body).not.toContain('何时修复');
    await page.context().close();
  });
});
