import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { postWechat, signedQuery, textXml } from '../helpers/wechat.js';
import { computeSignature } from '../../src/wechat/signature.js';

describe('webhook edge: verification, signatures and hostile bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('when the MP console verifies the URL with a valid signature then the echostr is echoed verbatim', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/wechat', query: { ...signedQuery(), echostr: '4375120948345356249' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('4375120948345356249');
  });

  it('when the verification signature is wrong then 401 with no content', async () => {
    const query = { ...signedQuery(), echostr: 'x' };
    query.signature = query.signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    const res = await t.app.inject({ method: 'GET', url: '/wechat', query });
    expect(res.statusCode).toBe(401);
    expect(res.body).toBe('');
  });

  it('when a push has a wrong or missing signature then 401, and nothing reaches a handler', async () => {
    const xml = textXml('热线', { msgId: '9000000000000000001' });
    const bad = await t.app.inject({ method: 'POST', url: '/wechat', query: { ...signedQuery('othertoken') }, payload: xml, headers: { 'content-type': 'text/xml' } });
    const missing = await t.app.inject({ method: 'POST', url: '/wechat', payload: xml, headers: { 'content-type': 'text/xml' } });
    expect(bad.statusCode).toBe(401);
    expect(missing.statusCode).toBe(401);
    expect(bad.body).toBe('');
    // A handled message leaves its de-dup key behind; a rejected one must not.
    const keys = await t.kv.get('dlv:default:m:oCitizen0001:9000000000000000001');
    expect(keys).toBeNull();
  });

  it('when the body is malformed XML then 400', async () => {
    for (const payload of ['<xml><ToUserName>', 'not xml at all', '<xml></xml>', '<!DOCTYPE xml [<!ENTITY a "b">]><xml><a>&a;</a></xml>']) {
      const res = await postWechat(t.app, payload);
      expect(res.statusCode, payload).toBe(400);
    }
  });

  it('when the body is over 1 MB then 413', async () => {
    const res = await postWechat(t.app, textXml('x'.repeat(1024 * 1024 + 10)));
    expect(res.statusCode).toBe(413);
  });

  it('when safe mode is used with a bad msg_signature then 401', async () => {
    const query = { ...signedQuery(), encrypt_type: 'aes', msg_signature: computeSignature(['nope']) };
    const res = await t.app.inject({
      method: 'POST',
      url: '/wechat',
      query,
      payload: '<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[AAAA]]></Encrypt></xml>',
      headers: { 'content-type': 'text/xml' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('when safe mode ciphertext does not decrypt then 400', async () => {
    const encrypt = Buffer.alloc(48, 1).toString('base64');
    const query = signedQuery();
    const res = await t.app.inject({
      method: 'POST',
      url: '/wechat',
      query: { ...query, encrypt_type: 'aes', msg_signature: computeSignature(['testtoken', query.timestamp, query.nonce, encrypt]) },
      payload: `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
      headers: { 'content-type': 'text/xml' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('when the account id is unknown then 404', async () => {
    const res = await postWechat(t.app, textXml('hi'), { path: '/wechat/nosuchaccount' });
    expect(res.statusCode).toBe(404);
  });

  it('when ops probe the service then liveness, readiness and metrics answer', async () => {
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ checks: { postgres: 'up', sessionStore: 'up' } });
    await postWechat(t.app, textXml('你好'));
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    for (const name of ['weizheng_messages_total', 'weizheng_reply_latency_seconds', 'weizheng_dedup_hits_total', 'weizheng_deadline_fallbacks_total']) {
      expect(metrics).toContain(name);
    }
    expect(metrics).toMatch(/weizheng_messages_total\{account="default",type="text",rule="[^"]+"\} 1/);
  });
});

describe('errors raised before routing', () => {
  it('when a path parameter is over-long then 414 with the standard error body', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ url: `/admin/api/keyword-rules/${'9'.repeat(200)}` });
      expect(res.statusCode).toBe(414);
      expect(res.json()).toEqual({ error: { code: 'FST_ERR_MAX_PARAM_LENGTH', message: expect.any(String) } });
    } finally {
      await t.close();
    }
  });
});
