import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { guide, news, post } from './content-helpers.js';

const SCRIPT = '<script>alert(1)</script>';
const ATTR = '" onmouseover="alert(1)';
const SQL = "'; DROP TABLE news_items; --";

describe('H5 pages: escaping, visibility, phone viewport', () => {
  let t: TestApp;
  let hostileGuide: number;
  let hostileNews: number;
  beforeAll(async () => {
    t = await createTestApp();
    hostileGuide = (await post(t, '/admin/api/guides', guide('EVIL-1', `档案${SCRIPT}`, {
      summary: ATTR,
      materials: [{ name: `<img src=x onerror=alert(1)>`, note: ATTR }],
      forms: [{ name: SCRIPT, url: `https://x.example/"><script>alert(1)</script>` }],
      faqs: [{ q: SQL, a: `' OR 1=1 --` }],
      locations: [{ name: '大厅', address: `</p>${SCRIPT}` }],
    }))).id;
    hostileNews = (await post(t, '/admin/api/news', news(SQL, `<b>栏目</b>`, { body: `第一段${SCRIPT}\n第二段${ATTR}`, url: `https://x.example/?a="b"` }))).id;
  });
  afterAll(async () => t.close());

  it('when a guide holds script and attribute-breaking text then the page shows it as text, never as markup', async () => {
    const res = await t.app.inject({ url: `/h5/guides/${hostileGuide}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<meta name="viewport" content="width=device-width,initial-scale=1');
    expect(res.body).not.toContain('<script');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('" onmouseover="');
    expect(res.body).toContain('档案&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).toContain('&quot; onmouseover=&quot;alert(1)');
    expect(res.body).toContain('href="https://x.example/&quot;&gt;&lt;script&gt;');
    expect(res.body).toContain('&#39;; DROP TABLE news_items; --');
  });

  it('when news holds hostile and SQL-injection text then it round-trips as plain text and the table survives', async () => {
    const res = await t.app.inject({ url: `/h5/news/${hostileNews}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script');
    expect(res.body).not.toContain('<b>栏目</b>');
    expect(res.body).toContain('<p>第一段&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(res.body).toContain('&#39;; DROP TABLE news_items; --');
    expect(res.body).toContain('href="https://x.example/?a=&quot;b&quot;"');
    const { rows } = await t.db.query('SELECT title FROM news_items WHERE id = $1', [hostileNews]);
    expect(rows[0].title).toBe(SQL);
  });

  it('when the search page gets a hostile query then the query is echoed escaped and the search still runs', async () => {
    const res = await t.app.inject({ url: `/h5/search?q=${encodeURIComponent(`档案"><script>x</script>`)}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>x');
    expect(res.body).toContain('value="档案&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect((await t.app.inject({ url: '/h5/search?q=%00%E6%A1%A3%E6%A1%88' })).statusCode).toBe(200);
    const plain = await t.app.inject({ url: `/h5/search?q=${encodeURIComponent('檔案')}` });
    expect(plain.body).toContain(`href="/h5/guides/${hostileGuide}"`);
  });

  it('when content is a draft, of another account, missing or the id is not a number then a 404 page is shown', async () => {
    const draft = await post(t, '/admin/api/guides', guide('DRAFT-2', '草稿', { status: 'draft' }));
    await post(t, '/admin/api/accounts', { id: 'other', name: '其他', appId: 'wx0000000000other', appSecret: 'secret-other', token: 'othertoken' });
    const foreign = await post(t, '/admin/api/news', news('别家新闻', '本地新闻'), { 'x-account-id': 'other' });
    for (const url of [`/h5/guides/${draft.id}`, `/h5/news/${foreign.id}`, '/h5/guides/999999', '/h5/guides/abc', `/h5/news/${hostileNews}?a=other`, '/h5/news?category=', '/h5/news?category=%00', '/h5/guides/99999999999999999999', '/h5/news/1?a=..%2F']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('页面不存在或已下线');
    }
    const own = await t.app.inject({ url: `/h5/news/${foreign.id}?a=other` });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('别家新闻');
  });
});
