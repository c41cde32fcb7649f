import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { citizen } from '../tickets/helpers.js';

describe('intents: commands written in Traditional characters act like their Simplified forms', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  it('when a citizen sends 菜單 then the main menu is shown, as for 菜单', async () => {
    const reply = await citizen(t, 'oTradMenu').say('菜單');
    expect(reply).toContain('主菜单');
    expect(reply).toContain('1. 政策速递');
    expect(reply).not.toContain('暂未找到');
  });

  it('when a citizen sends 我要投訴 then the complaint flow opens', async () => {
    expect(await citizen(t, 'oTradComplain').say('我要投訴')).toContain('【我要投诉】');
  });

  it('when a citizen sends 預約 then the booking flow lists the services', async () => {
    const reply = await citizen(t, 'oTradBook').say('預約');
    expect(reply).toContain('请选择预约服务');
    expect(reply).toContain('户政大厅预约');
  });

  it('when a citizen sends 我的預約 then their bookings are listed, as for 我的预约', async () => {
    const simplified = await citizen(t, 'oTradMine1').say('我的预约');
    const traditional = await citizen(t, 'oTradMine2').say('我的預約');
    expect(traditional).toBe(simplified);
    expect(traditional).not.toContain('暂未找到');
  });

  it('when full-width letters and trailing punctuation come with a command then it still matches', async () => {
    expect(await citizen(t, 'oWideHello').say('ＨＥＬＬＯ！！')).toContain('您好');
  });
});
