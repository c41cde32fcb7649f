import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen, customTexts, serveMedia } from './helpers.js';

describe('tickets: a complaint from filing to rating', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('when a citizen files a complaint with a photo and a location and an operator answers then the citizen gets the answer, sees it in progress and rates it', async () => {
    serveMedia(t, Buffer.from('jpeg-bytes'));
    const c = citizen(t, 'oJourney0001');
    await c.click('ticket:投诉');
    await c.say('示例街菜市场门口污水横流，已经一周了');
    await c.image('journey-photo');
    await c.location(23.11, 113.32, '示例街菜市场');
    await c.say('完成');
    await c.say('1');
    const ticketNo = /工单号：(\d{11})/.exec(await c.say('1'))![1]!;

    const a = admin(t);
    const id = await a.idOf(ticketNo);
    expect((await a.get(`/tickets/${id}`)).body).toMatchObject({ attachments: 1, location: { label: '示例街菜市场' } });
    const replied = await a.post(`/tickets/${id}/reply`, { content: '已联系市场管理方疏通下水道，现已清理完毕。' });
    expect(replied.body.notification).toEqual({ channel: 'custom', delivered: true });
    expect(customTexts(t, c.openId).at(-1)).toContain('已联系市场管理方疏通下水道');

    expect(await c.say(`进度 ${ticketNo}`)).toContain('最新答复：已联系市场管理方疏通下水道');
    await a.post(`/tickets/${id}/close`);
    expect(await c.say('4')).toBe('感谢您的评价！');
    expect((await a.get(`/tickets/${id}`)).body).toMatchObject({ status: 'closed', rating: 4 });
    expect(await c.say(`进度 ${ticketNo}`)).toContain('您已评价');
  });
});
