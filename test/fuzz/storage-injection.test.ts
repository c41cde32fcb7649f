import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { postWechat, readReply, textXml } from '../helpers/wechat.js';

/** Classic SQL injection payloads, plus jsonb, LIKE, regex and tsquery metacharacters. */
const INJECTIONS = [
  "'; DROP TABLE keyword_rules; --",
  "' OR '1'='1",
  '" OR ""="',
  "1; DELETE FROM accounts WHERE '1'='1",
  "'); TRUNCATE audit_log; --",
  "Robert'); DROP TABLE news;--",
  "\\'; SELECT pg_sleep(5); --",
  '$1 $2 $$ $body$',
  "E'\\x41' || chr(65)",
  '%_%\\%',
  '"},{"type":"text","content":"注入"}',
  "'::jsonb || '{}'",
  '社保 & | ! : * ( ) <-> 公积金',
  "admin'/*",
  '１\' ＯＲ \'１\'＝\'１',
];

const sqlish = fc.string({
  unit: fc.constantFrom("'", '"', ';', '-', '\\', '%', '_', '$', '(', ')', '*', '/', ':', '&', '|', '!', '<', '>', 'a', 'Z', '1', ' ', '社', '保'),
  minLength: 1,
  maxLength: 40,
});

const rule = (text: string) => ({
  name: text.slice(0, 60),
  keywords: [{ text, match: 'exact' }],
  replies: [{ type: 'text', content: text }],
  replyMode: 'random',
});

describe('hostile input: SQL injection strings are stored and answered as plain text', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('when keyword rules hold injection strings then they round-trip unchanged and answer with the exact text', async () => {
    for (const [i, text] of INJECTIONS.entries()) {
      const created = await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: adminHeaders, payload: rule(text) });
      expect(created.statusCode, text).toBe(201);
      const read = (await t.app.inject({ url: `/admin/api/keyword-rules/${created.json().id}`, headers: adminHeaders })).json();
      expect(read).toMatchObject({ name: text.slice(0, 60), keywords: [{ text, match: 'exact' }], replies: [{ type: 'text', content: text }] });
      const reply = readReply((await postWechat(t.app, textXml(text, { from: `oInject${i}` }))).body);
      expect(reply.Content, text).toBe(text);
    }
    const list = (await t.app.inject({ url: '/admin/api/keyword-rules', headers: adminHeaders })).json().items;
    expect(list).toHaveLength(INJECTIONS.length);
    expect((await t.app.inject({ url: '/admin/api/accounts', headers: adminHeaders })).json().items.map((a: { id: string }) => a.id)).toContain('default');
  });

  it('when random strings of SQL metacharacters are stored then reading them back gives the same text', async () => {
    await fc.assert(
      fc.asyncProperty(sqlish, async (text) => {
        const created = await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: adminHeaders, payload: rule(text) });
        expect(created.statusCode).toBe(201);
        const id = created.json().id as number;
        const read = (await t.app.inject({ url: `/admin/api/keyword-rules/${id}`, headers: adminHeaders })).json();
        expect(read.keywords[0].text).toBe(text);
        expect(read.replies[0].content).toBe(text);
        expect((await t.app.inject({ method: 'DELETE', url: `/admin/api/keyword-rules/${id}`, headers: adminHeaders })).statusCode).toBe(204);
      }),
      { numRuns: 100 },
    );
  });

  it('when citizens search with injection strings then every query is answered, by the webhook, the preview and the H5 page', async () => {
    for (const [i, q] of INJECTIONS.entries()) {
      const res = await postWechat(t.app, textXml(q, { from: `oSearchInject${i}` }));
      expect(res.statusCode, q).toBe(200);
      if (res.body !== 'success') expect(typeof readReply(res.body).MsgType).toBe('string');
      const preview = await t.app.inject({ url: `/admin/api/search/preview?q=${encodeURIComponent(q)}`, headers: adminHeaders });
      expect(preview.statusCode, q).toBe(200);
      const page = await t.app.inject({ url: `/h5/search?q=${encodeURIComponent(q)}` });
      expect(page.statusCode, q).toBe(200);
    }
  });

  it('when published content holds injection and script strings then it round-trips, is found by search, and H5 pages show it escaped', async () => {
    const title = `通知'); DROP TABLE news;-- <script>alert(1)</script>`;
    const body = `第一段 <img src=x onerror=alert(1)>\n第二段 "><script>document.cookie</script> ' OR '1'='1`;
    const created = await t.app.inject({
      method: 'POST',
      url: '/admin/api/news',
      headers: adminHeaders,
      payload: { title: title.slice(0, 64), summary: "摘要' OR 1=1 --", body, category: '通知公告', status: 'published', publishedAt: '2024-01-01T00:00:00.000Z' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    const read = (await t.app.inject({ url: `/admin/api/news/${id}`, headers: adminHeaders })).json();
    expect(read).toMatchObject({ title: title.slice(0, 64), summary: "摘要' OR 1=1 --", body });

    const page = await t.app.inject({ url: `/h5/news/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    const search = await t.app.inject({ url: `/h5/search?q=${encodeURIComponent('<script>alert(1)</script>')}` });
    expect(search.body).not.toContain('<script>alert(1)</script>');
    const preview = (await t.app.inject({ url: `/admin/api/search/preview?q=${encodeURIComponent('通知')}`, headers: adminHeaders })).json();
    expect(JSON.stringify(preview)).toContain('DROP TABLE news');
  });
});
