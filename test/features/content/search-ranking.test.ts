import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { postWechat, readReply, textXml } from '../../helpers/wechat.js';
import { listed, say } from './content-helpers.js';

/** Ranking, lexicon, typos, no dead ends and guide answers, against the demo account as `npm start` seeds it. */
describe('search answers citizens as they write, over the demo content', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  const first = (reply: Record<string, string | undefined>) => (reply.Content ?? '').split('\n')[0] ?? '';
  /** The guide opened directly, or the first result listed. */
  const top = (reply: Record<string, string | undefined>) => /^【([^】]+)】/.exec(reply.Content ?? '')?.[1] ?? listed(reply.Content)[0];

  it('when a question carries extra words then its guide still comes first', async () => {
    expect(top(await say(t, '我想问一下社保卡丢了怎么补办呢', 'oExtra1'))).toMatch(/^社会保障卡申领/);
    expect(listed((await say(t, '孩子上小学要准备什么材料', 'oExtra2')).Content).slice(0, 3).join('|')).toContain('义务教育阶段小学一年级新生入学报名');
    expect(top(await say(t, '身份证过期了怎么换', 'oExtra3'))).toMatch(/^居民身份证换领/);
  });

  it('when a citizen pages through 社保 then nothing that only mentions 社保 in passing (图书馆, 小学入学) is listed', async () => {
    const who = 'oSheBao';
    const page1 = listed((await say(t, '社保', who)).Content);
    expect(page1[0]).toMatch(/^社会保障卡申领/);
    const next = await say(t, '下一页', who);
    const all = [...page1, ...listed(next.Content)];
    expect(all.join('|')).not.toMatch(/图书馆|小学/);
  });

  it('when the message is only filler or one common character then nothing is listed', async () => {
    for (const text of ['的', '我要', '区']) {
      const reply = await say(t, text, `oStop${text}`);
      expect(reply.Content ?? '', text).not.toContain('为您找到');
      expect(reply.Content ?? '', text).not.toMatch(/^【/);
    }
  });

  it('when a guide name is typed one character off then the guide is still found', async () => {
    expect(top(await say(t, '社报卡', 'oTypo1'))).toMatch(/^社会保障卡申领/);
    expect(top(await say(t, '营叶执照', 'oTypo2'))).toMatch(/^个体工商户设立登记/);
    expect(top(await say(t, '结婚登纪', 'oTypo3'))).toMatch(/^内地居民结婚登记/);
  });

  it('when everyday words are used then the lexicon maps them to the official matter, and operators can extend it', async () => {
    expect(top(await say(t, '开个体店要办什么手续', 'oLex1'))).toMatch(/^个体工商户设立登记/);
    expect(top(await say(t, '公积金怎么取出来', 'oLex2'))).toMatch(/^住房公积金提取/);
    expect(top(await say(t, '退休金', 'oLex3'))).toMatch(/^灵活就业人员参加企业职工基本养老保险登记/);
    expect((await say(t, '领证', 'oLex4')).Content).toContain('结婚');
    expect((await say(t, '拿红本', 'oLex5')).Content).toContain('暂未找到');
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/api/search/synonyms',
      headers: { authorization: `Bearer ${t.config.adminToken}` },
      payload: { terms: ['拿红本', '领结婚证书'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await say(t, '拿红本', 'oLex6')).Content).toContain('结婚');
  });

  it('when one result matches then the guide opens with its materials listed, and 预约 books the linked service', async () => {
    const who = 'oSingle';
    const guide = await say(t, '异地看病怎么报销', who);
    expect(first(guide)).toBe('【基本医疗保险跨省异地就医备案】');
    expect(guide.Content).toMatch(/申请材料（共\d项[^）]*）：\n1\. /);
    expect(guide.Content).not.toContain('回复“预约”');

    const id = await say(t, '身份证过期了怎么换', 'oBook');
    expect(first(id)).toMatch(/^【居民身份证换领/);
    expect(id.Content).toContain('回复“预约”即可在线预约');
    expect((await say(t, '预约', 'oBook')).Content).toContain('户政大厅预约');
  });

  it('when nothing is found then the reply offers close names, 咨询 with one digit and 12345, and 1 files the question', async () => {
    const who = 'oNone';
    const none = await say(t, '火星移民怎么申请', who);
    expect(none.Content).toContain('暂未找到');
    expect(none.Content).toContain('回复“1”将此问题提交咨询');
    expect(none.Content).toContain('12345');
    const filed = await say(t, '1', who);
    expect(filed.Content).toContain('咨询');
    expect(filed.Content).toContain('火星移民怎么申请');
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/rule="fallback:search:none"/);

    const suggested = await say(t, '去外省住院医保怎么用', 'oSuggest');
    expect(suggested.Content).toContain('您是不是要找');
    expect(suggested.Content).toContain('基本医疗保险跨省异地就医备案');
  });

  it('when a message of 20,000 or 100,000 characters arrives then it gets a polite answer and no search runs on it', async () => {
    for (const size of [20_000, 100_000]) {
      const res = await postWechat(t.app, textXml('社'.repeat(size), { from: `oLong${size}` }));
      expect(res.statusCode).toBe(200);
      const reply = readReply(res.body);
      expect(reply.Content).toContain('您发送的内容较长');
      expect(reply.Content).toContain('12345');
    }
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM search_unmatched WHERE length(query) > 100');
    expect(rows[0]!.n).toBe(0);
    // A long question under the limit is still searched, by its beginning.
    const long = await say(t, `社保卡丢了怎么补办${'，'.repeat(5)}${'谢'.repeat(300)}`, 'oLongish');
    expect(long.Content ?? '').not.toContain('您发送的内容较长');
  });
});
