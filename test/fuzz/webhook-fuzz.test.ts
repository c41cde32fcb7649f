import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WechatCrypto } from '../../src/wechat/crypto.js';
import { computeSignature } from '../../src/wechat/signature.js';
import { adminHeaders, createTestApp, TEST_AES_KEY, TEST_APPID, TEST_WECHAT_TOKEN, type TestApp } from '../helpers/app.js';
import { postWechat, readReply, signedQuery, textXml } from '../helpers/wechat.js';
import { settledHeapUsed, MB } from './heap.js';
import { contentType, hostileBody, mode, type Body, type Mode } from './webhook-arbitraries.js';

const RUNS = 2000;
const crypto = new WechatCrypto(TEST_AES_KEY, TEST_APPID);

/** Sends a body the way the fuzz case says: plaintext, safe mode (encrypted body), raw Encrypt, or compatible mode. */
async function send(t: TestApp, body: Body, how: Mode, type: string, rawEncrypt: string, path = '/wechat'): Promise<LightMyRequestResponse> {
  const query: Record<string, string> = signedQuery();
  let payload: Body = body;
  if (how !== 'plain') {
    const encrypt = how === 'safe-raw' ? rawEncrypt : crypto.encrypt(typeof body === 'string' ? body : body.toString('latin1'));
    query.encrypt_type = 'aes';
    query.msg_signature = computeSignature([TEST_WECHAT_TOKEN, query.timestamp!, query.nonce!, encrypt]);
    payload =
      how === 'compat' && typeof body === 'string' && body.includes('</xml>')
        ? body.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`)
        : `<xml><ToUserName><![CDATA[gh_fuzz]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  }
  return t.app.inject({ method: 'POST', url: path, query, payload, headers: { 'content-type': type } });
}

/** WeChat's contract: a 4xx, or 200 with `success` or a parseable reply. Never a 5xx. */
function expectWellFormed(res: LightMyRequestResponse): 'reply' | 'success' | 'rejected' {
  if (res.statusCode === 200) {
    if (res.body === 'success') return 'success';
    const reply = readReply(res.body);
    expect(typeof reply.MsgType).toBe('string');
    expect(typeof reply.ToUserName).toBe('string');
    return 'reply';
  }
  expect(res.statusCode, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500);
  return 'rejected';
}

describe('hostile input: the webhook body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const rule = (name: string, text: string, match: string) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/api/keyword-rules',
        headers: adminHeaders,
        payload: { name, keywords: [{ text, match }], replies: [{ type: 'text', content: `回复${name}` }], replyMode: 'random' },
      });
    await rule('exact', '办事指南', 'exact');
    await rule('contains', '社保', 'contains');
    await rule('regex', '^\\d{3}$', 'regex');
    await t.app.inject({ method: 'PUT', url: '/admin/api/auto-replies/default', headers: adminHeaders, payload: { replies: [{ type: 'text', content: '默认回复' }] } });
    await t.app.inject({ method: 'PUT', url: '/admin/api/auto-replies/subscribe', headers: adminHeaders, payload: { replies: [{ type: 'text', content: '欢迎关注' }] } });
  });
  afterAll(async () => t?.close());

  it(`when ${RUNS} hostile bodies arrive then each gets a 4xx or a valid answer, never a 5xx, and the heap stays bounded`, async () => {
    const heapBefore = await settledHeapUsed();
    const outcomes = { reply: 0, success: 0, rejected: 0 };
    const rawEncrypt = fc.oneof(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('base64')), fc.string({ unit: 'binary-ascii', maxLength: 100 }));
    await fc.assert(
      fc.asyncProperty(hostileBody, mode, contentType, rawEncrypt, async (body, how, type, raw) => {
        outcomes[expectWellFormed(await send(t, body, how, type, raw))]++;
      }),
      { numRuns: RUNS },
    );
    const grown = (await settledHeapUsed()) - heapBefore;
    // The generators reach past the parser: a fair share of the cases are routed and answered.
    expect(outcomes.reply + outcomes.success).toBeGreaterThan(RUNS / 10);
    expect(outcomes.rejected).toBeGreaterThan(RUNS / 10);
    expect(grown, `heap grew by ${(grown / MB).toFixed(1)} MB`).toBeLessThan(64 * MB);
  }, 120_000);

  it('when the account id in the path is hostile then the answer is a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }), async (id) => {
        const res = await send(t, textXml('办事指南'), 'plain', 'text/xml', '', `/wechat/${encodeURIComponent(id)}`);
        expect(res.statusCode, `account id ${JSON.stringify(id)}: ${res.body.slice(0, 100)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });

  it('when a 10 MB CDATA arrives, plain or encrypted, then 413 and the heap stays bounded', async () => {
    const heapBefore = await settledHeapUsed();
    const statuses: number[] = [];
    {
      const big = textXml('长'.repeat(3.5 * MB));
      expect(Buffer.byteLength(big)).toBeGreaterThan(10 * MB);
      for (let i = 0; i < 3; i++) {
        statuses.push((await postWechat(t.app, big)).statusCode, (await postWechat(t.app, big, { safe: true })).statusCode);
      }
    }
    expect(statuses).toEqual([413, 413, 413, 413, 413, 413]);
    const grown = (await settledHeapUsed()) - heapBefore;
    expect(grown, `heap grew by ${(grown / MB).toFixed(1)} MB`).toBeLessThan(32 * MB);
  });

  it('when a message just under the 1 MB limit arrives then it is parsed, routed and answered', async () => {
    const res = await postWechat(t.app, textXml(`社保${'问'.repeat(330_000)}`, { from: 'oFuzzBig' }));
    expect(res.statusCode).toBe(200);
    expect(readReply(res.body).Content).toBe('回复contains');
  });

  it('when entity expansion (billion laughs) or external entities (XXE) arrive then 400, and nothing is fetched', async () => {
    const laughs = `<!DOCTYPE xml [<!ENTITY a "${'x'.repeat(100)}">${Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i || ''};`.repeat(10)}">`).join('')}]><xml><Content>&a9;</Content></xml>`;
    const xxe = '<!DOCTYPE xml [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]><xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&x;</Content><MsgId>1</MsgId></xml>';
    // An app of its own: follow-ups of the other tests here (media downloads of fuzzed
    // images) still reach the shared fake WeChat API while this test runs.
    const own = await createTestApp();
    try {
      for (const body of [laughs, xxe]) {
        expect((await postWechat(own.app, body)).statusCode).toBe(400);
        expect((await postWechat(own.app, body, { safe: true })).statusCode).toBe(400);
      }
      expect(own.fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('when MsgId is a 64-bit value beyond 2^53 then it is kept exactly (de-duplication key), and longer ids are rejected', async () => {
    const msgId = '18446744073709551615';
    const res = await postWechat(t.app, textXml('办事指南', { from: 'oFuzzMsgId', msgId }));
    expect(readReply(res.body).Content).toBe('回复exact');
    expect(await t.kv.get(`dlv:default:m:oFuzzMsgId:${msgId}`)).not.toBeNull();
    expect((await postWechat(t.app, textXml('办事指南', { msgId: '1'.repeat(21) }))).statusCode).toBe(400);
    const hugeTime = textXml('办事指南').replace(/<CreateTime>\d+<\/CreateTime>/, `<CreateTime>${'9'.repeat(30)}</CreateTime>`);
    expect((await postWechat(t.app, hugeTime)).statusCode).toBe(400);
  });
});
