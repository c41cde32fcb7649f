import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { admin, citizen, fileTicket } from '../features/tickets/helpers.js';

const MAIN_MENU = '示例区政务服务 · 主菜单';

describe('flows can always be left with 菜单, 退出 and 取消', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  it('when 菜单 is typed inside the complaint flow then the menu is shown and 菜单 is not saved as the complaint', async () => {
    const c = citizen(t, 'oExitComplaint');
    await c.say('我要投诉');
    expect(await c.say('菜单')).toContain(MAIN_MENU);
    // The filing is gone: 完成 is not an answer to it any more, and no ticket holds 菜单.
    expect(await c.say('完成')).not.toContain('联系方式');
    const tickets = (await admin(t).get('/tickets')).body as { items: Array<{ content?: string }> };
    expect(tickets.items.some((i) => i.content === '菜单')).toBe(false);
  });

  it.each(['退出', '取消'])('when %s is typed inside the complaint flow then the filing ends without a ticket', async (word) => {
    const c = citizen(t, `oExitComplaint${word}`);
    await c.say('我要投诉');
    await c.say('楼道堆满杂物');
    expect(await c.say(word)).toContain('已退出');
    expect(await c.say('1')).not.toContain('超时');
  });

  it.each([
    ['菜单', MAIN_MENU],
    ['退出', '已退出预约'],
    ['取消', '已退出预约'],
  ])('when %s is typed while booking then the booking ends', async (word, expected) => {
    const c = citizen(t, `oExitBooking${word}`);
    expect(await c.say('预约')).toContain('请选择预约服务');
    expect(await c.say(word)).toContain(expected);
  });

  it('when 取消 is typed inside a numbered menu then the menu closes', async () => {
    const c = citizen(t, 'oExitMenu');
    await c.say('菜单');
    expect(await c.say('取消')).toContain('已退出菜单');
  });

  it('when 取消 or 菜单 is typed at the 求助/投诉 choice then the choice is dropped', async () => {
    const c = citizen(t, 'oExitChoice');
    await c.say('路灯坏了');
    expect(await c.say('取消')).toContain('已退出');
    expect(await c.say('2')).not.toContain('【我要投诉】');
    await c.say('停水');
    expect(await c.say('菜单')).toContain(MAIN_MENU);
  });

  it('when 取消 is typed on a page of search results then the results are left', async () => {
    const c = citizen(t, 'oExitSearch');
    await c.say('户口');
    expect(await c.say('取消')).toContain('已退出');
  });
});

describe('supplements after request-info are confirmed first', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  const askInfo = async (openId: string) => {
    const c = citizen(t, openId);
    const { ticketNo } = await fileTicket(c, '我要投诉', '小区电梯经常故障');
    const a = admin(t);
    const id = await a.idOf(ticketNo);
    expect((await a.post(`/tickets/${id}/request-info`, { question: '请提供小区名称和楼栋号' })).body.status).toBe('awaiting_info');
    return { c, a, id, ticketNo };
  };

  it('when the citizen then writes 社保卡 then they are asked whether it is the supplement, and 2 treats it as a new question', async () => {
    const { c, a, id, ticketNo } = await askInfo('oInfoNew');
    const asked = await c.say('社保卡');
    expect(asked).toContain(`这是对工单${ticketNo}的补充吗`);
    expect(asked).not.toContain('已收到您的补充信息');
    const answer = await c.say('2');
    expect(answer).not.toContain('已收到您的补充信息');
    expect(answer).toContain('社会保障卡');
    expect((await a.get(`/tickets/${id}`)).body.status).toBe('awaiting_info');
  });

  it('when the citizen confirms with 1 then the text is attached and the ticket resumes', async () => {
    const { c, a, id } = await askInfo('oInfoYes');
    await c.say('示例花园3栋');
    expect(await c.say('1')).toContain('已收到您的补充信息');
    const ticket = (await a.get(`/tickets/${id}`)).body as { status: string; events: Array<{ action: string; detail: { text?: string } }> };
    expect(ticket.status).toBe('accepted');
    expect(ticket.events.find((e) => e.action === 'info_received')?.detail.text).toBe('示例花园3栋');
  });

  it('when the citizen first sends 补充 then the next text is the supplement without a question', async () => {
    const { c } = await askInfo('oInfoCommand');
    expect(await c.say('补充')).toContain('请发送工单');
    expect(await c.say('示例花园5栋')).toContain('已收到您的补充信息');
  });

  it('when 菜单 is typed instead of a supplement then the menu is shown and nothing is attached', async () => {
    const { c, a, id } = await askInfo('oInfoMenu');
    expect(await c.say('菜单')).toContain('主菜单');
    expect((await a.get(`/tickets/${id}`)).body.status).toBe('awaiting_info');
  });
});
