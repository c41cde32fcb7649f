import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen } from '../tickets/helpers.js';

describe('intents: commands in natural wording', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  it('when a citizen writes 我要预约办身份证 then booking opens with the 户政 service already chosen', async () => {
    const reply = await citizen(t, 'oBookId').say('我要预约办身份证');
    expect(reply).toContain('户政大厅预约');
    expect(reply).toContain('请选择日期');
    expect(reply).not.toContain('请选择预约服务');
  });

  it('when a citizen writes 怎么预约 then the booking flow lists the services', async () => {
    expect(await citizen(t, 'oHowBook').say('怎么预约？')).toContain('请选择预约服务');
  });

  it('when a citizen writes 办事指南 then the guide menu opens', async () => {
    const c = citizen(t, 'oGuides');
    const reply = await c.say('办事指南');
    expect(reply).toContain('办事指南 · 请选择事项');
    expect(reply).toContain('社保卡申领');
    expect(await c.say('1')).toContain('社会保障卡申领');
  });

  it('when a citizen writes 我要投诉噪音 then the complaint opens with 噪音 as its first content', async () => {
    const c = citizen(t, 'oNoise');
    const start = await c.say('我要投诉噪音');
    expect(start).toContain('【我要投诉】');
    expect(start).toContain('“噪音”');
    await c.say('每晚十点后楼上装修');
    await c.say('完成');
    const confirm = await c.say('1');
    expect(confirm).toContain('内容：噪音');
    const filed = await c.say('1');
    const ticketNo = /工单号：(\d{11})/.exec(filed)![1]!;
    const a = admin(t);
    const ticket = (await a.get(`/tickets/${await a.idOf(ticketNo)}`)).body as { category: string; content: string };
    expect(ticket.category).toBe('投诉');
    expect(ticket.content.startsWith('噪音')).toBe(true);
    expect(ticket.content).toContain('每晚十点后楼上装修');
  });

  it.each(['路灯坏了', '停水', '有人乱倒垃圾', '噪音扰民', '小区没水了'])('when a citizen writes %s then 求助 or 投诉 is offered with one digit', async (words) => {
    const reply = await citizen(t, `oOffer${words}`).say(words);
    expect(reply).toContain('1. 我要求助');
    expect(reply).toContain('2. 我要投诉');
    expect(reply).not.toContain('暂未找到');
  });

  it('when the citizen answers the offer with 2 then the complaint opens with their words written', async () => {
    const c = citizen(t, 'oOfferPick');
    await c.say('路灯坏了');
    const reply = await c.say('2');
    expect(reply).toContain('【我要投诉】');
    expect(reply).toContain('“路灯坏了”');
  });

  it('when the citizen answers the offer with 1 then a 求助 opens with their words written', async () => {
    const c = citizen(t, 'oOfferHelp');
    await c.say('停水');
    expect(await c.say('1')).toContain('【我要求助】已记下：“停水”');
  });

  it('when a citizen writes 我要表扬 then a 建议 opens for the praise, not a news item', async () => {
    const reply = await citizen(t, 'oPraise').say('我要表扬');
    expect(reply).toContain('【我要建议】');
    expect(reply).not.toContain('统计');
  });
});
