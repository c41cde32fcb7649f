import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { readReply } from '../../helpers/wechat.js';
import { api, eventually, pushEvent } from '../../helpers/reach.js';

const CREATE = '/cgi-bin/qrcode/create';

describe('parametric QR codes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    let n = 0;
    t.fake.respond((call) => (call.path === CREATE ? { json: { ticket: `gQH47joAAAAAAAAAASxodHRwOi8v${++n}==`, expire_seconds: (call.body as { expire_seconds?: number }).expire_seconds, url: `http://weixin.qq.com/q/kZgfwMTm72WW${n}` } } : undefined));
    await api(t, 'PUT', '/auto-replies/subscribe', { replies: [{ type: 'text', content: '欢迎关注！' }] });
    const rule = await api(t, 'POST', '/keyword-rules', { name: '大厅预约', keywords: [{ text: '大厅预约', match: 'exact' }], replies: [{ type: 'text', content: '请选择预约的办事窗口' }], replyMode: 'random' });
    expect(rule.statusCode, rule.body).toBe(201);
  });
  afterAll(async () => t.close());

  it('when a permanent code with an action is created then WeChat gets QR_LIMIT_SCENE and scans and follows through it are counted, a scan starting the action', async () => {
    const created = await api(t, 'POST', '/qrcodes', { scene: '1001', permanent: true, action: 'keyword:大厅预约' });
    expect(created.statusCode, created.body).toBe(201);
    expect(t.fake.callsTo(CREATE).at(-1)!.body).toEqual({ action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 1001 } } });
    const code = created.json() as { id: number; ticket: string; image: string };
    expect(code.image).toBe(`https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent(code.ticket)}`);

    const welcome = readReply(await pushEvent(t, 'subscribe', 'oQrFollower01', { EventKey: 'qrscene_1001', Ticket: code.ticket }));
    expect(welcome.Content).toBe('欢迎关注！');
    // A new follower gets the code's action too, after the welcome, as a customer-service message.
    const followUp = await eventually(
      async () => t.fake.callsTo('/cgi-bin/message/custom/send').filter((c) => (c.body as { touser?: string }).touser === 'oQrFollower01'),
      (calls) => calls.length > 0,
    );
    expect((followUp[0]!.body as { text: { content: string } }).text.content).toBe('请选择预约的办事窗口');
    // A follow through a code without an action is the welcome alone.
    await api(t, 'POST', '/qrcodes', { scene: '1002', permanent: true });
    expect(readReply(await pushEvent(t, 'subscribe', 'oQrFollower03', { EventKey: 'qrscene_1002' })).Content).toBe('欢迎关注！');
    const scan = readReply(await pushEvent(t, 'SCAN', 'oQrFollower02', { EventKey: '1001', Ticket: code.ticket }));
    expect(scan.Content).toBe('请选择预约的办事窗口');

    const listed = await eventually(
      async () => ((await api(t, 'GET', '/qrcodes')).json() as { items: Array<{ id: number; scans: number; subscriptions: number }> }).items.find((q) => q.id === code.id)!,
      (q) => q.scans === 2,
    );
    expect(listed).toMatchObject({ scans: 2, subscriptions: 1 });
    const { rows } = await t.db.query("SELECT scene, qrcode_id::int AS code FROM followers WHERE scene = '1001'");
    expect(rows).toEqual([{ scene: '1001', code: code.id }]);
  });

  it('when a temporary string-scene code is created then WeChat gets QR_STR_SCENE with an explicit expiry', async () => {
    const created = await api(t, 'POST', '/qrcodes', { scene: 'community-east', permanent: false, expireSeconds: 604800 });
    expect(created.statusCode, created.body).toBe(201);
    expect(t.fake.callsTo(CREATE).at(-1)!.body).toEqual({ expire_seconds: 604800, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'community-east' } } });
    expect(created.json().expiresAt).not.toBeNull();
    const again = await api(t, 'POST', '/qrcodes', { scene: 'community-east', permanent: false });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.field).toBe('scene');
  });

  it('when a scan names no known code then it is answered by nothing and nothing is counted', async () => {
    const body = await pushEvent(t, 'SCAN', 'oQrFollower03', { EventKey: '424242' });
    expect(body).toBe('success');
  });
});
