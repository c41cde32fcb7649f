import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, TEST_AES_KEY, type TestApp } from '../helpers/app.js';
import { nextMsgId, postWechat, signedQuery, textXml } from '../helpers/wechat.js';
import { WechatCrypto } from '../../src/wechat/crypto.js';
import { computeSignature } from '../../src/wechat/signature.js';

const now = () => Math.floor(Date.now() / 1000);
const dedupKey = (account: string, openId: string, msgId: string) => `dlv:${account}:m:${openId}:${msgId}`;
const post = (t: TestApp, query: Record<string, string>, payload: string, url = '/wechat') =>
  t.app.inject({ method: 'POST', url, query, payload, headers: { 'content-type': 'text/xml' } });
const envelope = (encrypt: string) => `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;

describe('webhook replay: timestamps outside the skew window', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('when the URL verification carries a correctly signed timestamp from 2001 then 401 and no echostr', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/wechat', query: { ...signedQuery(undefined, '1000000000'), echostr: '4375120948345356249' } });
    expect(res.statusCode).toBe(401);
    expect(res.body).toBe('');
  });

  it('when a push carries a correctly signed timestamp from 2001 then 401 and nothing reaches a handler', async () => {
    const msgId = nextMsgId();
    const res = await post(t, signedQuery(undefined, '1000000000'), textXml('热线', { msgId }));
    expect(res.statusCode).toBe(401);
    expect(await t.kv.get(dedupKey('default', 'oCitizen0001', msgId))).toBeNull();
  });

  it('when the timestamp is older or newer than WECHAT_MAX_SKEW_SECONDS (300) then 401; inside it the push is handled', async () => {
    for (const timestamp of [now() - 400, now() + 400]) {
      const res = await post(t, signedQuery(undefined, String(timestamp)), textXml('热线'));
      expect(res.statusCode, String(timestamp - now())).toBe(401);
    }
    const msgId = nextMsgId();
    const inside = await post(t, signedQuery(undefined, String(now() - 200)), textXml('热线', { msgId }));
    expect(inside.statusCode).toBe(200);
    expect(await t.kv.get(dedupKey('default', 'oCitizen0001', msgId))).not.toBeNull();
  });

  it('when the timestamp is not a number of seconds then 401, even with a matching signature', async () => {
    for (const timestamp of ['abc', '', '1e9', ' 1700000000', `${now()}.5`, '-1']) {
      const get = await t.app.inject({ method: 'GET', url: '/wechat', query: { signature: computeSignature(['testtoken', timestamp, '1']), timestamp, nonce: '1', echostr: 'x' } });
      expect(get.statusCode, JSON.stringify(timestamp)).toBe(401);
      const push = await post(t, { signature: computeSignature(['testtoken', timestamp, '1']), timestamp, nonce: '1' }, textXml('热线'));
      expect(push.statusCode, JSON.stringify(timestamp)).toBe(401);
    }
  });

  it('when WECHAT_MAX_SKEW_SECONDS is smaller then a push older than it is refused', async () => {
    const strict = await createTestApp({ env: { WECHAT_MAX_SKEW_SECONDS: '60' } });
    try {
      const res = await post(strict, signedQuery(undefined, String(now() - 120)), textXml('热线'));
      expect(res.statusCode).toBe(401);
    } finally {
      await strict.close();
    }
  });
});

describe('webhook message mode: safe accepts encrypted bodies only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { WECHAT_MESSAGE_MODE: 'safe' } });
  });
  afterAll(async () => t.close());

  it('when a safe-mode account gets a correctly signed plaintext body then 401 and nothing reaches a handler', async () => {
    const msgId = nextMsgId();
    const res = await postWechat(t.app, textXml('我的工单', { msgId, from: 'oVictim0001' }));
    expect(res.statusCode).toBe(401);
    expect(await t.kv.get(dedupKey('default', 'oVictim0001', msgId))).toBeNull();
  });

  it('when a safe-mode account gets a compatible-mode body (clear fields beside Encrypt) without encrypt_type then 401', async () => {
    const res = await post(t, signedQuery(), textXml('热线').replace('</xml>', '<Encrypt><![CDATA[AAAA]]></Encrypt></xml>'));
    expect(res.statusCode).toBe(401);
  });

  it('when a safe-mode account gets an encrypted body then it is handled', async () => {
    const msgId = nextMsgId();
    const res = await postWechat(t.app, textXml('热线', { msgId }), { safe: true });
    expect(res.statusCode).toBe(200);
    expect(await t.kv.get(dedupKey('default', 'oCitizen0001', msgId))).not.toBeNull();
  });

  it('when a captured URL is reused with another body then it is refused, plaintext or encrypted', async () => {
    const crypto = new WechatCrypto(TEST_AES_KEY, 'wx1234567890abcdef');
    const captured = { ...signedQuery(), encrypt_type: 'aes' };
    const original = crypto.encrypt(textXml('热线', { from: 'oVictim0001' }));
    const msg_signature = computeSignature(['testtoken', captured.timestamp, captured.nonce, original]);
    expect((await post(t, { ...captured, msg_signature }, envelope(original))).statusCode).toBe(200);

    const forgedMsgId = nextMsgId();
    const forged = crypto.encrypt(textXml('我的工单', { from: 'oVictim0001', msgId: forgedMsgId }));
    const { encrypt_type: _dropped, ...plainQuery } = captured;
    const replays = [
      await post(t, { ...captured, msg_signature }, envelope(forged)),
      await post(t, plainQuery, textXml('我的工单', { from: 'oVictim0001', msgId: forgedMsgId })),
      await post(t, { ...plainQuery, msg_signature }, textXml('我的工单', { from: 'oVictim0001', msgId: forgedMsgId })),
    ];
    expect(replays.map((r) => r.statusCode)).toEqual([401, 401, 401]);
    expect(await t.kv.get(dedupKey('default', 'oVictim0001', forgedMsgId))).toBeNull();
  });
});

describe('webhook message mode of added accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const account = (id: string, extra: Record<string, string> = {}) => ({
    id,
    name: '其他',
    appId: 'wx0000000000other',
    appSecret: 'secret-other',
    token: 'othertoken',
    ...extra,
  });
  const create = (payload: Record<string, string>) => t.app.inject({ method: 'POST', url: '/admin/api/accounts', headers: adminHeaders, payload });

  it('when an account is added with an AES key and no mode then it is in safe mode and refuses plaintext bodies', async () => {
    const res = await create(account('safe1', { encodingAesKey: TEST_AES_KEY }));
    expect(res.statusCode).toBe(201);
    expect(res.json().messageMode).toBe('safe');
    const plain = await postWechat(t.app, textXml('热线'), { path: '/wechat/safe1', token: 'othertoken' });
    expect(plain.statusCode).toBe(401);
    const encrypted = await postWechat(t.app, textXml('热线'), { path: '/wechat/safe1', token: 'othertoken', safe: true, appId: 'wx0000000000other' });
    expect(encrypted.statusCode).toBe(200);
  });

  it('when an account is added in compat mode then plaintext and encrypted bodies are both accepted', async () => {
    expect((await create(account('compat1', { encodingAesKey: TEST_AES_KEY, messageMode: 'compat' }))).json().messageMode).toBe('compat');
    expect((await postWechat(t.app, textXml('热线'), { path: '/wechat/compat1', token: 'othertoken' })).statusCode).toBe(200);
    expect((await postWechat(t.app, textXml('热线'), { path: '/wechat/compat1', token: 'othertoken', safe: true, appId: 'wx0000000000other' })).statusCode).toBe(200);
  });

  it('when an account without an AES key is added then it is plaintext; asking for safe or compat without a key is a 400 naming messageMode', async () => {
    expect((await create(account('plain1'))).json().messageMode).toBe('plaintext');
    for (const messageMode of ['safe', 'compat']) {
      const res = await create(account(`bad${messageMode}`, { messageMode }));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.field).toBe('messageMode');
    }
    const unknown = await create(account('badmode', { encodingAesKey: TEST_AES_KEY, messageMode: 'open' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('messageMode');
  });
});
