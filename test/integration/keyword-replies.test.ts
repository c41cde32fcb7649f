import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { eventXml, nextMsgId, postWechat, readReply, textXml } from '../helpers/wechat.js';

async function createRule(t: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: { ...adminHeaders, ...headers }, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

const text = (content: string) => ({ type: 'text', content });

describe('operator keyword replies through the webhook', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('when a citizen sends an exact keyword then the rule answers, in plaintext, safe and compatible mode', async () => {
    await createRule(t, { name: '社保卡', keywords: [{ text: '社保卡', match: 'exact' }], replies: [text('社保卡办理请带身份证。')], replyMode: 'random' });
    for (const mode of [{}, { safe: true }, { compat: true }]) {
      const res = await postWechat(t.app, textXml('社保卡', { from: 'oMode' }), mode);
      expect(res.statusCode).toBe(200);
      const reply = readReply(res.body);
      expect(reply).toMatchObject({ MsgType: 'text', Content: '社保卡办理请带身份证。', ToUserName: 'oMode', FromUserName: 'gh_test' });
      if ('safe' in mode || 'compat' in mode) expect(res.body).toContain('<MsgSignature>');
    }
  });

  it('when a menu key is keyword:<text> then it answers as if the text were typed; an unknown key gets a polite reply', async () => {
    const click = await postWechat(t.app, eventXml('CLICK', { EventKey: 'keyword:社保卡' }));
    expect(readReply(click.body).Content).toBe('社保卡办理请带身份证。');
    const unknown = await postWechat(t.app, eventXml('CLICK', { EventKey: 'no-such-key' }, { createTime: 1700000001 }));
    expect(readReply(unknown.body).Content).toContain('该菜单暂未开放');
  });

  it('when text contains a "contains" keyword or matches a regex then those rules answer; voice recognition counts as text', async () => {
    await createRule(t, { name: '公积金', keywords: [{ text: '公积金', match: 'contains' }], replies: [text('公积金指南')], replyMode: 'random' });
    await createRule(t, { name: '编号', keywords: [{ text: '^WZ\\d{6}$', match: 'regex' }], replies: [text('编号查询')], replyMode: 'random' });
    expect(readReply((await postWechat(t.app, textXml('我想提取住房公积金怎么办'))).body).Content).toBe('公积金指南');
    expect(readReply((await postWechat(t.app, textXml('WZ123456'))).body).Content).toBe('编号查询');
    const voice = `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oVoice]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[公积金。]]></Recognition><MsgId>8000000000000000001</MsgId></xml>`;
    expect(readReply((await postWechat(t.app, voice)).body).Content).toBe('公积金指南');
  });

  it('when two rules match then the higher priority wins, and on equal priority the newest wins', async () => {
    await createRule(t, { name: 'low', keywords: [{ text: '护照', match: 'contains' }], replies: [text('low')], replyMode: 'random', priority: 1 });
    await createRule(t, { name: 'high', keywords: [{ text: '护照', match: 'exact' }], replies: [text('high')], replyMode: 'random', priority: 5 });
    expect(readReply((await postWechat(t.app, textXml('护照'))).body).Content).toBe('high');
    await createRule(t, { name: 'newer-same', keywords: [{ text: '护照', match: 'exact' }], replies: [text('newest')], replyMode: 'random', priority: 5 });
    expect(readReply((await postWechat(t.app, textXml('护照'))).body).Content).toBe('newest');
  });

  it('when a rule is disabled, outside its active window, or deleted then it no longer answers', async () => {
    const rule = await createRule(t, { name: '限时', keywords: [{ text: '限时活动', match: 'exact' }], replies: [text('活动中')], replyMode: 'random' });
    expect(readReply((await postWechat(t.app, textXml('限时活动'))).body).Content).toBe('活动中');
    const past = { name: '限时', keywords: [{ text: '限时活动', match: 'exact' }], replies: [text('活动中')], replyMode: 'random', activeFrom: '2020-01-01T00:00:00Z', activeTo: '2020-02-01T00:00:00Z' };
    expect((await t.app.inject({ method: 'PUT', url: `/admin/api/keyword-rules/${rule.id}`, headers: adminHeaders, payload: past })).statusCode).toBe(200);
    expect((await postWechat(t.app, textXml('限时活动', { from: 'oWindow' }))).body).not.toContain('活动中');
    expect((await t.app.inject({ method: 'DELETE', url: `/admin/api/keyword-rules/${rule.id}`, headers: adminHeaders })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/admin/api/keyword-rules/${rule.id}`, headers: adminHeaders })).statusCode).toBe(404);
  });

  it('when a rule answers then GET reports its hits', async () => {
    const rule = await createRule(t, { name: '计数', keywords: [{ text: '计数测试', match: 'exact' }], replies: [text('ok')], replyMode: 'random' });
    for (let i = 0; i < 3; i++) await postWechat(t.app, textXml('计数测试'));
    const res = await t.app.inject({ method: 'GET', url: `/admin/api/keyword-rules/${rule.id}`, headers: adminHeaders });
    expect(res.json()).toMatchObject({ id: rule.id, hits: 3 });
  });

  it('when replyMode is "all" then the first reply is passive and the rest go through the customer-service API', async () => {
    await createRule(t, { name: '多条', keywords: [{ text: '多条回复', match: 'exact' }], replies: [text('第一条'), text('第二条'), { type: 'news', title: '第三条', url: 'https://example.gov.cn/a' }], replyMode: 'all' });
    const res = await postWechat(t.app, textXml('多条回复', { from: 'oAll' }));
    expect(readReply(res.body).Content).toBe('第一条');
    const sent = await t.fake.waitFor('/cgi-bin/message/custom/send', 2);
    const mine = sent.filter((c) => (c.body as { touser: string }).touser === 'oAll');
    expect(mine.map((c) => c.body)).toEqual([
      { touser: 'oAll', msgtype: 'text', text: { content: '第二条' } },
      { touser: 'oAll', msgtype: 'news', news: { articles: [{ title: '第三条', url: 'https://example.gov.cn/a' }] } },
    ]);
  });

  it('when a message matches nothing then the default reply answers at most once an hour per citizen', async () => {
    // Unmatched text goes to search; the default reply (收到消息回复) answers what nothing else handles, e.g. a photo.
    const image = (from: string) =>
      `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/x]]></PicUrl><MediaId><![CDATA[media1]]></MediaId><MsgId>${nextMsgId()}</MsgId></xml>`;
    const put = await t.app.inject({ method: 'PUT', url: '/admin/api/auto-replies/default', headers: adminHeaders, payload: { replies: [text('已收到您的留言')] } });
    expect(put.statusCode).toBe(200);
    expect(readReply((await postWechat(t.app, image('oDefault'))).body).Content).toBe('已收到您的留言');
    expect((await postWechat(t.app, image('oDefault'))).body).toBe('success');
    expect(readReply((await postWechat(t.app, image('oOther'))).body).Content).toBe('已收到您的留言');
  });

  it('when a citizen follows the account then the subscribe reply answers', async () => {
    await t.app.inject({ method: 'PUT', url: '/admin/api/auto-replies/subscribe', headers: adminHeaders, payload: { replies: [text('欢迎关注')] } });
    expect(readReply((await postWechat(t.app, eventXml('subscribe', { EventKey: 'qrscene_42' }))).body).Content).toBe('欢迎关注');
    expect((await postWechat(t.app, eventXml('unsubscribe'))).body).toBe('success');
  });

  it('when another account is added then it is served at /wechat/:id with its own token and rules', async () => {
    const account = { id: 'haizhu', name: '海珠政务', appId: 'wxhaizhu000000001', appSecret: 'haizhu-secret', token: 'haizhutoken' };
    const created = await t.app.inject({ method: 'POST', url: '/admin/api/accounts', headers: adminHeaders, payload: account });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).not.toHaveProperty('appSecret');
    await createRule(t, { name: '海珠', keywords: [{ text: '社保卡', match: 'exact' }], replies: [text('海珠社保卡')], replyMode: 'random' }, { 'x-account-id': 'haizhu' });
    const res = await postWechat(t.app, textXml('社保卡'), { path: '/wechat/haizhu', token: 'haizhutoken' });
    expect(readReply(res.body).Content).toBe('海珠社保卡');
    const wrongToken = await postWechat(t.app, textXml('社保卡'), { path: '/wechat/haizhu' });
    expect(wrongToken.statusCode).toBe(401);
    expect(readReply((await postWechat(t.app, textXml('社保卡'))).body).Content).toBe('社保卡办理请带身份证。');
  });

  it('when the stored conversation is corrupt then the message is still answered by its keyword, and the next one too', async () => {
    // The conversation is read by the same store command that claims the delivery; a bad value there must not cost the reply.
    await t.kv.set('session:default:oCorrupt', '{not json');
    for (const _ of [1, 2]) {
      const res = await postWechat(t.app, textXml('社保卡', { from: 'oCorrupt' }));
      expect(res.statusCode).toBe(200);
      expect(readReply(res.body).Content).toBe('社保卡办理请带身份证。');
    }
  });

  it('when many keyword rules answer then metrics count them under one rule label, not one series per rule', async () => {
    const ids: number[] = [];
    for (const n of [1, 2, 3]) ids.push((await createRule(t, { name: `事项${n}`, keywords: [{ text: `事项编号${n}`, match: 'exact' }], replies: [text(`答复${n}`)], replyMode: 'random' })).id);
    for (const n of [1, 2, 3]) expect(readReply((await postWechat(t.app, textXml(`事项编号${n}`, { from: 'oMetrics' }))).body).Content).toBe(`答复${n}`);
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/weizheng_messages_total\{account="default",type="text",rule="keyword"\} \d+/);
    for (const id of ids) expect(metrics).not.toContain(`rule="keyword:${id}"`);
    const hits = await Promise.all(ids.map(async (id) => (await t.app.inject({ url: `/admin/api/keyword-rules/${id}`, headers: adminHeaders })).json() as { hits: number }));
    expect(hits.map((h) => h.hits)).toEqual([1, 1, 1]);
  });
});
