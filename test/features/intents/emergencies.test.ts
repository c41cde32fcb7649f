import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen } from '../tickets/helpers.js';

const firstLine = (reply: string) => reply.split('\n')[0]!;

describe('intents: emergencies put the right number on the first line, then the 应急 flow follows', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No ALERT_WEBHOOK_URL: nothing can be announced to the duty desk.
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  it.each([
    ['着火了', '119'],
    ['有人落水了快救人', '119'],
    ['楼下火灾', '119'],
    ['电梯里有人被困', '119'],
    ['家里煤气泄漏了', '119'],
    ['有人晕倒了', '120'],
    ['老人昏迷不醒', '120'],
    ['路口发生车祸', '122'],
    ['撞车了', '122'],
    ['有人抢劫', '110'],
    ['街上有人打架', '110'],
    ['救命', '110'],
  ])('when a citizen writes %s then the first line says %s', async (words, number) => {
    const reply = await citizen(t, `oSos${words}`).say(words);
    expect(firstLine(reply)).toContain(number);
    expect(reply).toContain('【我要应急】');
    expect(reply).toContain(words);
  });

  it('when a citizen in the middle of a booking writes 着火了 then they get 119 at once', async () => {
    const c = citizen(t, 'oSosBooking');
    expect(await c.say('预约')).toContain('请选择预约服务');
    expect(firstLine(await c.say('着火了'))).toContain('119');
  });

  it('when no ALERT_WEBHOOK_URL is set then the filed 应急 ticket does not claim an alert was sent, and gives the numbers', async () => {
    const c = citizen(t, 'oSosFile');
    await c.say('着火了');
    await c.say('示例路8号三楼');
    await c.say('完成');
    await c.say('1');
    const reply = await c.say('1');
    expect(reply).toContain('提交成功');
    expect(reply).not.toContain('已通知值班人员');
    expect(reply).toContain('未能即时通知值班人员');
    for (const number of ['110', '119', '120']) expect(reply).toContain(number);
    const ticketNo = /工单号：(\d{11})/.exec(reply)![1]!;
    const a = admin(t);
    const ticket = (await a.get(`/tickets/${await a.idOf(ticketNo)}`)).body as { content: string; events: Array<{ action: string }> };
    expect(ticket.content).toContain('着火了');
    expect(ticket.events.some((e) => e.action === 'alert_skipped')).toBe(true);
  });
});
