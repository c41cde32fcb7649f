import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen, customTexts, fileTicket, type Citizen } from './helpers.js';

describe('tickets: rating after closing', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
  });
  afterAll(async () => t.close());

  const closedTicket = async (c: Citizen) => {
    const { ticketNo } = await fileTicket(c, '我要咨询', `评价测试${c.openId}`);
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/reply`, { content: '已答复。' });
    await a.post(`/tickets/${id}/close`);
    return { id, ticketNo };
  };

  it('when a ticket is closed then the citizen is asked to rate 1–5 and a 5 is recorded as 非常满意 without reopening', async () => {
    const c = citizen(t, 'oRateGood001');
    const { id } = await closedTicket(c);
    const ask = customTexts(t, c.openId).at(-1)!;
    expect(ask).toContain('状态：已办结');
    expect(ask).toMatch(/5 非常满意[\s\S]*1 非常不满意/);
    expect(await c.say('5')).toBe('感谢您的评价！');
    const ticket = (await a.get(`/tickets/${id}`)).body;
    expect(ticket).toMatchObject({ status: 'closed', rating: 5 });
    expect(ticket.events.find((e: { action: string }) => e.action === 'rated')).toMatchObject({ actor: 'citizen', visibility: 'public', detail: { rating: 5 } });
    // One rating per closing: a second digit is no longer a rating.
    await c.say('1');
    expect((await a.get(`/tickets/${id}`)).body).toMatchObject({ status: 'closed', rating: 5 });
  });

  it.each([1, 2])('when the citizen rates %i then the ticket reopens for review', async (rating) => {
    const c = citizen(t, `oRateBad000${rating}`);
    const { id, ticketNo } = await closedTicket(c);
    expect(await c.say(String(rating))).toContain('重新办理');
    const ticket = (await a.get(`/tickets/${id}`)).body;
    expect(ticket).toMatchObject({ status: 'reopened', rating, closedAt: null });
    const actions = ticket.events.map((e: { action: string; actor: string; visibility: string }) => `${e.action}/${e.actor}/${e.visibility}`);
    expect(actions).toEqual(expect.arrayContaining(['rated/citizen/public', 'reopen/citizen/public', 'bad_review/system/internal']));
    expect(await c.say(`进度 ${ticketNo}`)).toContain('状态：重新办理中');
  });

  it('when the citizen answers something else than a digit then it routes as usual, and 评价 brings the question back', async () => {
    const c = citizen(t, 'oRateOther01');
    const { id, ticketNo } = await closedTicket(c);
    expect(await c.say('我的工单')).toContain(ticketNo);
    expect(await c.say('6')).not.toContain('感谢');
    await t.kv.del(`session:default:${c.openId}`);
    expect(await c.say('评价')).toContain(`工单${ticketNo}`);
    expect(await c.say('4')).toBe('感谢您的评价！');
    expect((await a.get(`/tickets/${id}`)).body.rating).toBe(4);
    expect(await c.say('评价')).toContain('没有待评价');
  });

  it('when the citizen is in the middle of filing another appeal then closing does not take over the conversation', async () => {
    const c = citizen(t, 'oRateBusy001');
    const { ticketNo } = await fileTicket(c, '我要咨询', '第一件');
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/reply`, { content: '已答复。' });
    await c.say('我要投诉');
    await a.post(`/tickets/${id}/close`);
    expect(customTexts(t, c.openId).at(-1)).toContain('请回复“评价”');
    expect(await c.say('5')).toContain('已记录');
    expect((await a.get(`/tickets/${id}`)).body.rating).toBeNull();
  });
});
