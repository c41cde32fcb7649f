import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, bookingNoOf, Citizen } from './helpers.js';

describe('demo appointments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  it('when the demo is loaded then a hall window, 户政 and a hospital clinic with two departments are bookable, with what to bring', async () => {
    const { items } = (await admin(t, 'GET', '/appointment-services')).json();
    expect(items.map((s: { code: string; kind: string }) => `${s.code}:${s.kind}`)).toEqual(['A1:hall', 'A2:hall', 'A3:hospital']);
    expect(items[2].resources.map((r: { code: string }) => r.code)).toEqual(['GP', 'IM-EXP']);
    for (const s of items) expect(s.whatToBring.length).toBeGreaterThan(5);
    expect(await new Citizen(t, 'oDemoKey').tap('appointment:A1')).toContain('请选择日期');
    // A guide's code opens the service linked to it (a guide reply can offer booking).
    expect(await new Citizen(t, 'oDemoGuide').tap('appointment:DEMO-GA-0001')).toContain('户政大厅预约（身份证·户口业务）\n请选择日期');
  });

  it('when a citizen answers with digits (and says their name) then a demo booking is made, listed and cancelled', async () => {
    const c = new Citizen(t, 'oDemoDigits');
    expect(await c.say('预约')).toMatch(/^2\. 户政大厅预约/m);
    expect(await c.say('2')).toContain('请选择日期');
    // The second date is tomorrow or later: well before the one-hour cancellation deadline.
    expect(await c.say('2')).toContain('可预约时段');
    expect(await c.say('1')).toContain('姓名');
    expect(await c.say('李小明')).toContain('手机号');
    expect(await c.say('13800138000')).toContain('身份证号');
    expect(await c.say('440106199003071231')).toContain('请核对预约信息');
    const result = await c.say('1');
    const no = bookingNoOf(result)!;
    expect(result).toContain('请携带：换领身份证带原居民身份证');
    expect(await c.say('预约')).toMatch(/^4\. 我的预约/m);
    expect(await c.say('4')).toContain(`（预约号${no}）`);
    expect(await c.say('1')).toContain('确认取消以下预约吗');
    expect(await c.say('1')).toContain('名额已释放');
  });
});
