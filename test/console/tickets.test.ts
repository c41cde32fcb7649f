import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, fileTicket } from '../features/tickets/helpers.js';
import { BROWSER_TEST_TIMEOUT, foreignRequests, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';
import { adminCall, configureDepartments, consoleOperator } from './operators.js';

describe('诉求工单, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  let handler: { username: string; password: string };
  // Building the console and seeding can outlast the default hook timeout on a busy machine.
  beforeAll(async () => {
    rig = await startConsole();
    await configureDepartments(rig);
    handler = await consoleOperator(rig, '李办理', 'lihandler', ['handler'], '城管局');
  }, BROWSER_TEST_TIMEOUT);
  afterAll(async () => {
    await rig?.close();
  });

  async function assignedComplaint(openId: string, content: string): Promise<string> {
    const { ticketNo } = await fileTicket(citizen(rig.test, openId), '我要投诉', content);
    const found = await adminCall(rig, 'GET', `/tickets?q=${ticketNo}`);
    const id = (found.body as { items: Array<{ id: number }> }).items[0]!.id;
    const assigned = await adminCall(rig, 'POST', `/tickets/${id}/assign`, { department: '城管局' });
    expect(assigned.status).toBe(200);
    return ticketNo;
  }

  it('when a handler answers a complaint from the inbox then the reply reaches the citizen through WeChat and shows as delivered', async () => {
    const ticketNo = await assignedComplaint('oTicketCitizen01', '小区门口夜市占道经营，噪音很大');
    const { page, requests } = await openPage(rig);
    await signIn(page, rig.base, handler.username, handler.password);
    await page.getByRole('menuitem', { name: '诉求工单' }).click();
    await page.waitForURL(`${rig.base}/console/tickets`);
    const row = page.locator('[data-test=ticket-table]').getByRole('row', { name: new RegExp(ticketNo) });
    await row.waitFor();
    await expect(row.locator('[data-test=countdown]').textContent()).resolves.toMatch(/剩 \d+ (天|小时)/);
    await screenshot(page, 'tickets');

    await row.getByRole('button', { name: '办理' }).click();
    const drawer = page.locator('[data-test=ticket-drawer]');
    await drawer.getByText('夜市占道经营').first().waitFor();
    const answer = '您好，城管执法中队已到现场，责令摊贩退出占道区域，今后将加强夜间巡查。';
    await page.getByLabel('答复内容').fill(answer);
    await expect(drawer.getByText(`${answer.length} / 600`).count()).resolves.toBe(1);
    await drawer.locator('[data-test=ticket-reply-send]').click();
    await drawer.locator('[data-test=delivery-status]').getByText('已送达').waitFor();
    await drawer.locator('[data-test=ticket-timeline]').getByText(answer).waitFor();
    await screenshot(page, 'ticket-answered');

    const sent = rig.test.fake.callsTo('/cgi-bin/message/custom/send').map((c) => c.body as { touser: string; text?: { content: string } });
    expect(sent.some((b) => b.touser === 'oTicketCitizen01' && b.text?.content.includes(answer))).toBe(true);

    // Personal data only with a reason, which the audit log keeps.
    await drawer.locator('[data-test=ticket-reveal]').click();
    await page.getByRole('dialog', { name: '查看个人信息' }).getByRole('textbox').fill('回访核实整改情况');
    await page.getByRole('dialog', { name: '查看个人信息' }).getByRole('button', { name: '确定' }).click();
    await expect
      .poll(async () => (await rig.test.db.query("SELECT actor, detail->>'reason' AS reason FROM audit_log WHERE resource = 'ticket' AND action = 'reveal'")).rows)
      .toEqual([{ actor: '李办理', reason: '回访核实整改情况' }]);
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });

  it('when a reply does not reach the citizen then the ticket shows 未送达 with the reason, the filter finds it, and a retry delivers it', async () => {
    const ticketNo = await assignedComplaint('oTicketCitizen02', '路灯坏了一个月没人修');
    rig.test.fake.respond((call) => (call.path === '/cgi-bin/message/custom/send' ? { json: { errcode: 45047, errmsg: 'out of response count limit' } } : undefined));
    const { page } = await openPage(rig);
    await signIn(page, rig.base, handler.username, handler.password);
    await page.goto(`${rig.base}/console/tickets`);
    await page.locator('[data-test=ticket-table]').getByRole('row', { name: new RegExp(ticketNo) }).getByRole('button', { name: '办理' }).click();
    const drawer = page.locator('[data-test=ticket-drawer]');
    await page.getByLabel('答复内容').fill('路灯已报修，三个工作日内修复。');
    await drawer.locator('[data-test=ticket-reply-send]').click();
    const status = drawer.locator('[data-test=delivery-status]');
    await status.getByText('未送达').waitFor();
    await expect(status.textContent()).resolves.toContain('未配置状态通知模板');
    await screenshot(page, 'ticket-undelivered');
    await page.keyboard.press('Escape');

    await page.locator('[data-test=filter-undelivered]').click();
    const filtered = page.waitForResponse((r) => r.url().includes('/admin/api/tickets?') && r.url().includes('undelivered=true'));
    await page.getByRole('button', { name: '查询' }).click();
    const listed = (await (await filtered).json()) as { items: Array<{ ticketNo: string }> };
    expect(listed.items.map((i) => i.ticketNo)).toEqual([ticketNo]);
    // The table shows what the filtered list returned: this ticket only.
    await expect.poll(() => page.locator('[data-test=ticket-table] tbody tr').allTextContents()).toEqual([expect.stringContaining(ticketNo)]);

    rig.test.fake.reset();
    await page.locator('[data-test=ticket-table]').getByRole('row', { name: new RegExp(ticketNo) }).getByRole('button', { name: '办理' }).click();
    await drawer.locator('[data-test=ticket-retry]').click();
    await status.getByText('已送达').waitFor();
    const sent = rig.test.fake.callsTo('/cgi-bin/message/custom/send').map((c) => c.body as { touser: string });
    expect(sent.map((b) => b.touser)).toContain('oTicketCitizen02');
    await page.context().close();
  });

  it('when the citizen is outside the 48-hour window and no template is set then the admin sets the status template and the reply goes out as a template message', async () => {
    const ticketNo = await assignedComplaint('oTicketCitizen04', '公交站台顶棚漏雨');
    // The window is a key that expires 48 hours after the citizen's last message: removing it is that time passing.
    await rig.test.kv.del('window:default:oTicketCitizen04');
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/tickets`);
    await page.locator('[data-test=ticket-table]').getByRole('row', { name: new RegExp(ticketNo) }).getByRole('button', { name: '办理' }).click();
    const drawer = page.locator('[data-test=ticket-drawer]');
    await page.getByLabel('答复内容').fill('顶棚已安排维修。');
    await drawer.locator('[data-test=ticket-reply-send]').click();
    const status = drawer.locator('[data-test=delivery-status]');
    await status.getByText('未送达').waitFor();
    expect(rig.test.fake.callsTo('/cgi-bin/message/template/send')).toEqual([]);

    await page.getByLabel('状态通知模板 ID').fill('TPL_status_0001');
    await drawer.locator('[data-test=ticket-template-resend]').click();
    await status.getByText('已送达（模板消息）').waitFor();
    const template = rig.test.fake.callsTo('/cgi-bin/message/template/send').map((c) => c.body as { touser: string; template_id: string });
    expect(template).toEqual([expect.objectContaining({ touser: 'oTicketCitizen04', template_id: 'TPL_status_0001' })]);
    await page.context().close();
  });

  it('when a handler assigns from the dropdown then only configured departments are offered', async () => {
    const ticketNo = await assignedComplaint('oTicketCitizen03', '垃圾清运不及时');
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/tickets`);
    await page.locator('[data-test=ticket-table]').getByRole('row', { name: new RegExp(ticketNo) }).getByRole('button', { name: '办理' }).click();
    await page.locator('[data-test=ticket-department]').click();
    const options = page.getByRole('option');
    await options.first().waitFor();
    await expect(options.allTextContents()).resolves.toEqual(expect.arrayContaining(['城管局', '住建局', '民政局']));
    await page.getByRole('option', { name: '住建局' }).click();
    await page.locator('[data-test=ticket-drawer]').getByRole('button', { name: '派单' }).click();
    await page.locator('[data-test=ticket-timeline]').getByText('转交 住建局').waitFor();
    await page.context().close();
  });
});
