import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import RE2 from 're2';
import { KeywordIndex } from '../../src/router/keyword-index.js';
import { compileKeywordRegex, reviewedPattern } from '../../src/router/keyword-regex.js';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { postWechat, readReply, textXml } from '../helpers/wechat.js';

/**
 * Issue 15, finding 1: patterns a backtracking engine needs exponential (or high
 * polynomial) time for. Each hostile text below would hold V8's engine for minutes;
 * on RE2 the whole file finishes well inside the test timeout.
 */
const HOSTILE: Array<{ pattern: string; hostile: string; matching: string }> = [
  { pattern: '(a|a)*$', hostile: `${'a'.repeat(40)}b`, matching: 'aaaa' },
  { pattern: '(a|aa)+$', hostile: `${'a'.repeat(40)}b`, matching: 'baaaa' },
  { pattern: '(\\w|\\d)+$', hostile: `${'1'.repeat(40)}!`, matching: '办事123' },
  { pattern: '^\\w*\\w*\\w*\\w*\\w*\\w*\\w*\\w*!', hostile: 'a'.repeat(3000), matching: 'abc!' },
];

describe('operator regex keywords run in linear time (RE2)', () => {
  it('when a citizen text is hostile to a backtracking engine then every pattern still answers correctly', () => {
    for (const { pattern, hostile, matching } of HOSTILE) {
      const index = new KeywordIndex([{ owner: pattern, keywords: [{ text: pattern, match: 'regex' }] }]);
      expect(index.match(matching).has(pattern), `${pattern} on ${matching}`).toBe(true);
      expect(index.match(hostile).has(pattern), `${pattern} on hostile text`).toBe(pattern === '(a|a)*$');
    }
  });

  it('when a stored pattern cannot be compiled by RE2 then that keyword never matches and the others still do', () => {
    const index = new KeywordIndex([
      { owner: 'old', keywords: [{ text: '(a)\\1', match: 'regex' }] },
      { owner: 'ok', keywords: [{ text: '^WZ\\d+$', match: 'regex' }] },
    ]);
    expect([...index.match('aa')]).toEqual([]);
    expect([...index.match('wz12')]).toEqual(['ok']);
  });

  it('when a pattern is the one a built-in rule was written with then it runs on V8; any other pattern runs on RE2', () => {
    const builtIn = reviewedPattern('^\\s*测试(甲|乙)');
    const reviewed = compileKeywordRegex(builtIn);
    const operator = compileKeywordRegex('^\\s*测试(甲|乙)+');
    expect(reviewed.ok && reviewed.re instanceof RegExp && !(reviewed.re instanceof RE2)).toBe(true);
    expect(operator.ok && operator.re instanceof RE2).toBe(true);
    expect(reviewed.ok && reviewed.re.test(' 测试乙')).toBe(true);
    // Hostile patterns are never reviewed ones.
    for (const { pattern } of HOSTILE) {
      const compiled = compileKeywordRegex(pattern);
      expect(compiled.ok && compiled.re instanceof RE2, pattern).toBe(true);
    }
  });
});

describe('operator regex keywords through the admin API and the webhook', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const save = (keywords: Array<{ text: string; match: string }>) =>
    t.app.inject({
      method: 'POST',
      url: '/admin/api/keyword-rules',
      headers: adminHeaders,
      payload: { name: '正则', keywords, replies: [{ type: 'text', content: '正则命中' }], replyMode: 'random' },
    });

  it('when an editor saves (a|a)*$ and a citizen sends 40 a\'s and a b then the rule answers and /healthz answers alongside', async () => {
    const res = await save([{ text: '(a|a)*$', match: 'regex' }]);
    expect(res.statusCode, res.body).toBe(201);
    const [reply, health] = await Promise.all([
      postWechat(t.app, textXml(`${'a'.repeat(40)}b`, { from: 'oHostile' })),
      t.app.inject({ method: 'GET', url: '/healthz' }),
    ]);
    expect(health.statusCode).toBe(200);
    expect(reply.statusCode).toBe(200);
    expect(readReply(reply.body).Content).toBe('正则命中');
    const del = await t.app.inject({ method: 'DELETE', url: `/admin/api/keyword-rules/${(res.json() as { id: number }).id}`, headers: adminHeaders });
    expect(del.statusCode).toBe(204);
  });

  it.each([
    ['(办事)\\1', '反向引用'],
    ['(?<n>a)\\k<n>', '反向引用'],
    ['社保(?=卡)', '断言'],
    ['(?<!医)保', '断言'],
    ['a{1001}', '1000'],
  ])('when a keyword is %s then saving is refused with 400 naming the keyword and saying why', async (pattern, why) => {
    const res = await save([
      { text: '办事', match: 'exact' },
      { text: '社保', match: 'contains' },
      { text: pattern, match: 'regex' },
    ]);
    expect(res.statusCode, res.body).toBe(400);
    const { error } = res.json() as { error: { code: string; field: string; message: string } };
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'keywords[2].text' });
    expect(error.message).toContain(why);
  });
});
