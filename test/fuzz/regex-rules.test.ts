import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { postWechat, readReply, textXml } from '../helpers/wechat.js';

/**
 * Operator regex keywords run against every citizen's text on the event loop. On a
 * backtracking engine these patterns turn one message ("aaaa…a!") into seconds of CPU and
 * stall every other citizen past WeChat's deadline; on RE2 they run in linear time.
 */
const CATASTROPHIC = ['(a+)+$', '^(\\w+\\s?)*$', '(.*a){20}', '([a-zA-Z]+)*$', '(x+x+)+y'];
const HOSTILE = `${'a'.repeat(60)}!`;

describe('hostile input: operator regex keywords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('when a keyword regex would backtrack catastrophically then it is accepted and a hostile text is still answered', async () => {
    for (const text of CATASTROPHIC) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/api/keyword-rules',
        headers: adminHeaders,
        payload: { name: '回溯', keywords: [{ text: '办事', match: 'exact' }, { text, match: 'regex' }], replies: [{ type: 'text', content: 'x' }], replyMode: 'random' },
      });
      expect(res.statusCode, `${text}: ${res.body}`).toBe(201);
    }
    // (.*a){20} and ([a-zA-Z]+)*$ both match this text, as they would in JavaScript.
    const reply = await postWechat(t.app, textXml(HOSTILE, { from: 'oHostile' }));
    expect(reply.statusCode).toBe(200);
    expect(readReply(reply.body).Content).toBe('x');
  });

  it('when a keyword regex is linear then it is accepted', async () => {
    for (const text of ['^\\d{11}$', '社保|医保', '^(预约|挂号)\\s*\\d+$']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/api/keyword-rules',
        headers: adminHeaders,
        payload: { name: '正则', keywords: [{ text, match: 'regex' }], replies: [{ type: 'text', content: 'x' }], replyMode: 'random' },
      });
      expect(res.statusCode, `${text}: ${res.body}`).toBe(201);
    }
  });
});
