import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../../src/infra/kv/port.js';
import { createRedisStore } from '../../src/infra/kv/redis.js';
import { createLogger } from '../../src/infra/logger.js';
import { createWechatApiFactory } from '../../src/infra/wechat/client.js';
import { WechatApiError } from '../../src/wechat/outbound.js';
import { TEST_REDIS_URL } from '../global-setup.js';
import { deleteKeysAfterFile } from '../helpers/cleanup.js';
import { FakeWechat } from '../helpers/fake-wechat.js';

const log = createLogger('silent');
const account = { accountId: 'default', appId: 'wxclienttest00001', appSecret: 's' };

describe('outbound WeChat client: shared token, refresh and retries', () => {
  let fake: FakeWechat;
  let kv: KeyValueStore;
  const stores: KeyValueStore[] = [];
  beforeAll(async () => {
    fake = await new FakeWechat().start();
  });
  afterAll(async () => fake.stop());
  afterEach(async () => {
    fake.reset();
    for (const s of stores.splice(0)) await s.close();
  });
  const store = async () => {
    const prefix = deleteKeysAfterFile(`test:client:${randomBytes(4).toString('hex')}:`);
    kv = await createRedisStore({ url: TEST_REDIS_URL, prefix, log });
    stores.push(kv);
    return prefix;
  };
  const client = (shared: KeyValueStore = kv) => createWechatApiFactory({ apiBase: fake.baseUrl, kv: shared, log, backoffMs: 10 }).forAccount(account);

  it('when two processes need a token at once then WeChat is asked once', async () => {
    await store();
    const one = client();
    const two = client();
    await Promise.all([one.sendCustom('o1', { type: 'text', content: 'a' }), two.sendCustom('o2', { type: 'text', content: 'b' }), one.sendCustom('o3', { type: 'text', content: 'c' })]);
    expect(fake.callsTo('/cgi-bin/token')).toHaveLength(1);
    expect(fake.callsTo('/cgi-bin/message/custom/send')).toHaveLength(3);
  });

  it('when WeChat answers 40001 then the token is refreshed once and the call retried once', async () => {
    await store();
    const api = client();
    await api.sendCustom('o1', { type: 'text', content: 'a' });
    fake.revokeTokens();
    await api.sendCustom('o1', { type: 'text', content: 'b' });
    expect(fake.callsTo('/cgi-bin/token')).toHaveLength(2);
    const sends = fake.callsTo('/cgi-bin/message/custom/send');
    const [first, rejected, retried] = sends.map((c) => c.query.access_token);
    expect(sends).toHaveLength(3);
    expect(rejected).toBe(first);
    expect(retried).not.toBe(first);
  });

  it('when 42001 keeps coming back then it gives up after one refresh', async () => {
    await store();
    fake.respond((call) => (call.path === '/cgi-bin/menu/get' ? { json: { errcode: 42001, errmsg: 'access_token expired' } } : undefined));
    await expect(client().getMenu()).rejects.toMatchObject({ code: 42001 });
    expect(fake.callsTo('/cgi-bin/menu/get')).toHaveLength(2);
    expect(fake.callsTo('/cgi-bin/token')).toHaveLength(2);
  });

  it('when the 48-hour window is closed (45015) or the quota is used (45047) then it does not retry', async () => {
    await store();
    for (const code of [45015, 45047]) {
      fake.calls.length = 0;
      fake.respond((call) => (call.path === '/cgi-bin/message/custom/send' ? { json: { errcode: code, errmsg: 'no' } } : undefined));
      const err = await client().sendCustom('o1', { type: 'text', content: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WechatApiError);
      expect((err as WechatApiError).permanent).toBe(true);
      expect(fake.callsTo('/cgi-bin/message/custom/send')).toHaveLength(1);
    }
  });

  it('when each reply type is sent then WeChat receives its 客服消息 body, and the token request carries the credentials', async () => {
    await store();
    const api = client();
    await api.sendCustom('o1', { type: 'text', content: '你好' });
    await api.sendCustom('o1', { type: 'image', mediaId: 'img1' });
    await api.sendCustom('o1', { type: 'voice', mediaId: 'v1' });
    await api.sendCustom('o1', { type: 'video', mediaId: 'vid1', title: '视频' });
    await api.sendCustom('o1', { type: 'music', musicUrl: 'https://m.example/1.mp3', thumbMediaId: 't1' });
    await api.sendCustom('o1', { type: 'news', article: { title: '标题', description: '摘要', url: 'https://n.example/1', picUrl: 'https://n.example/1.jpg' } });
    expect(fake.callsTo('/cgi-bin/message/custom/send').map((c) => c.body)).toEqual([
      { touser: 'o1', msgtype: 'text', text: { content: '你好' } },
      { touser: 'o1', msgtype: 'image', image: { media_id: 'img1' } },
      { touser: 'o1', msgtype: 'voice', voice: { media_id: 'v1' } },
      { touser: 'o1', msgtype: 'video', video: { media_id: 'vid1', thumb_media_id: '', title: '视频' } },
      { touser: 'o1', msgtype: 'music', music: { musicurl: 'https://m.example/1.mp3', thumb_media_id: 't1' } },
      { touser: 'o1', msgtype: 'news', news: { articles: [{ title: '标题', description: '摘要', url: 'https://n.example/1', picurl: 'https://n.example/1.jpg' }] } },
    ]);
    expect(fake.callsTo('/cgi-bin/token')[0]?.query).toEqual({ grant_type: 'client_credential', appid: account.appId, secret: account.appSecret });
    const msgid = await api.sendTemplate({ openId: 'o1', templateId: 'tpl', data: { first: { value: '提醒' } }, clientMsgId: 'c1' });
    expect(msgid).toMatch(/^\d+$/);
    expect(fake.callsTo('/cgi-bin/message/template/send')[0]?.body).toEqual({ touser: 'o1', template_id: 'tpl', data: { first: { value: '提醒' } }, client_msg_id: 'c1' });
  });

  it('when WeChat is not listening then the call fails as unreachable (-2), after bounded retries, without the URL', async () => {
    await store();
    const closed = await new FakeWechat().start();
    const base = closed.baseUrl;
    await closed.stop();
    const api = createWechatApiFactory({ apiBase: base, kv, log, backoffMs: 5 }).forAccount(account);
    const err = (await api.getMenu().catch((e: unknown) => e)) as WechatApiError;
    expect(err).toBeInstanceOf(WechatApiError);
    expect(err.code).toBe(-2);
    expect(err.unreachable).toBe(true);
    expect(err.message).toContain('无法连接微信服务器');
    expect(err.message).not.toContain('secret');
    expect(err.message).not.toContain(base);
  });

  it('when WeChat answers 5xx then it retries a bounded number of times with backoff', async () => {
    await store();
    fake.respond((call) => (call.path === '/cgi-bin/menu/create' ? { status: 502, body: 'bad gateway', contentType: 'text/html' } : undefined));
    await expect(client().createMenu({ button: [] })).rejects.toBeInstanceOf(WechatApiError);
    expect(fake.callsTo('/cgi-bin/menu/create')).toHaveLength(3);
  });
});
