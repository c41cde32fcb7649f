import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Operator regex keywords run against every citizen's text on the event loop. A pattern
 * with catastrophic backtracking turns one message ("aaaa…a!") into seconds of CPU and
 * stalls every other citizen past WeChat's deadline, so it must be refused when saved.
 */
const CATASTROPHIC = ['(a+)+$', '^(\\w+\\s?)*$', '(.*a){20}', '([a-zA-Z]+)*$', '(x+x+)+y'];

describe('hostile input: operator regex keywords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('when a keyword regex can backtrack catastrophically then saving it is refused with 400 naming the keyword', async () => {
    for (const text of CATASTROPHIC) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/api/keyword-rules',
        headers: adminHeaders,
        payload: { name: '回溯', keywords: [{ text: '办事', match: 'exact' }, { text, match: 'regex' }], replies: [{ type: 'text', content: 'x' }], replyMode: 'random' },
      });
      expect(res.statusCode, `${text}: ${res.body}`).toBe(400);
      expect(res.json().error.field).toBe('keywords[1].text');
    }
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
