import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from '../../src/admin/json-body.js';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';

/** Issue 15, finding 9: deeply nested JSON ended in a RangeError and a 500. */
describe('deeply nested JSON bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const post = (payload: string, url = '/admin/api/keyword-rules') =>
    t.app.inject({ method: 'POST', url, headers: { ...adminHeaders, 'content-type': 'application/json' }, payload });

  it.each([
    ['arrays', (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`],
    ['objects in a field', (n: number) => `{"name":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`],
    ['arrays in a field', (n: number) => `{"name":"x","keywords":${'['.repeat(n)}${']'.repeat(n)}}`],
  ])('when a body nests %s 100,000 deep then 400 VALIDATION "JSON 嵌套过深", never 500', async (_kind, body) => {
    const res = await post(body(100_000));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION', field: 'body' });
    expect(res.json().error.message).toContain('JSON 嵌套过深');
  });

  it('when nesting is ordinary then the body is parsed as before, brackets inside strings do not count, and proto poisoning is still refused', async () => {
    const rule = { name: '[[[[{{{{', keywords: [{ text: '{'.repeat(200), match: 'exact' }], replies: [{ type: 'text', content: ']]]]' }], replyMode: 'random' };
    expect((await post(JSON.stringify(rule))).statusCode).toBe(201);
    expect((await post('{"name":')).statusCode).toBe(400);
    expect((await post('{"__proto__":{"x":1},"name":"a"}')).statusCode).toBe(400);
  });

  it('when depth is counted then escaped quotes inside strings do not end them', () => {
    expect(jsonDepthExceeds('{"a":"\\"[[[[["}', 2)).toBe(false);
    expect(jsonDepthExceeds('[[[', 2)).toBe(true);
    expect(jsonDepthExceeds('[[]]', 2)).toBe(false);
  });
});
