import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders } from '../helpers/app.js';
import { BROWSER_TEST_TIMEOUT, openPage, signIn, startConsole, type ConsoleRig } from './browser.js';

describe('the simulator’s test data in the console, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  let ticketNo = '';
  const simulate = async (text: string) => {
    const res = await rig.test.app.inject({ method: 'POST', url: '/admin/api/simulate', headers: adminHeaders, payload: { text, openId: 'sim_console' } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().replies as Array<{ content?: string }>).map((r) => r.content ?? '').join('\n');
  };
  beforeAll(async () => {
    rig = await startConsole();
    await simulate('我要投诉');
    await simulate('小区健身器材坏了');
    await simulate('完成');
    await simulate('1');
    ticketNo = /工单号：(\d{11})/.exec(await simulate('1'))?.[1] ?? '';
    expect(ticketNo).toMatch(/^\d{11}$/);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('when the operator switches on 显示测试数据 then the simulator’s messages and ticket show, tagged 测试', async () => {
    const { page } = await openPage(rig);
    await signIn(page, rig.base);

    await page.goto(`${rig.base}/console/inbox`);
    await page.getByText('只看需处理').click();
    const table = page.locator('[data-test=inbox-table]');
    const simRow = table.getByRole('row', { name: /小区健身器材坏了/ });
    // The log is written in batches off the reply path: query until the message is there, then it must stay hidden.
    await page.locator('[data-test=include-test]').click();
    for (let i = 0; i < 20 && (await simRow.count()) === 0; i++) {
      await page.waitForTimeout(300);
      await page.getByRole('button', { name: '查询' }).click();
    }
    // Its text shows in its own row and in the confirmation's reply: every such row is the simulator's.
    const rows = await simRow.count();
    expect(rows).toBeGreaterThan(0);
    await expect(simRow.locator('[data-test=test-tag]').count()).resolves.toBe(rows);
    await page.locator('[data-test=include-test]').click();
    // Several rows may match (the message and a reply quoting it): wait until none is left.
    await simRow.first().waitFor({ state: 'detached' });
    await expect(simRow.count()).resolves.toBe(0);

    await page.goto(`${rig.base}/console/tickets`);
    const tickets = page.locator('[data-test=ticket-table]');
    await tickets.getByText('暂无工单').waitFor();
    await page.locator('[data-test=include-test]').click();
    const ticketRow = tickets.getByRole('row', { name: new RegExp(ticketNo) });
    await ticketRow.waitFor();
    await expect(ticketRow.locator('[data-test=test-tag]').textContent()).resolves.toBe('测试');
    await page.context().close();
  });
});
