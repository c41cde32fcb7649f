import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { guide, news, post, tap } from './content-helpers.js';

describe('content action URIs: news:<category> and guide:<code>', () => {
  let t: TestApp;
  let latestId: number;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_BASE_URL: 'https://wx.example.gov.cn' } });
    await post(t, '/admin/api/news', news('旧政策', '政策速递', { publishedAt: '2025-01-01T00:00:00Z' }));
    latestId = (await post(t, '/admin/api/news', news('新政策', '政策速递', { publishedAt: '2025-06-01T00:00:00Z', coverUrl: 'https://img.example.gov.cn/a.jpg' }))).id;
    await post(t, '/admin/api/news', news('未发布政策', '政策速递', { status: 'draft' }));
    await post(t, '/admin/api/news', news('定时政策', '政策速递', { publishedAt: '2999-01-01T00:00:00Z' }));
    await post(t, '/admin/api/news', news('本地新闻一', '本地新闻', { publishedAt: '2025-07-01T00:00:00Z' }));
    await post(t, '/admin/api/guides', guide('DEMO-RS-0002', '流动人员人事档案转递', {
      acceptingUnit: '人才服务窗口',
      timeLimit: { promised: 5, unit: '工作日' },
      materials: [{ name: '居民身份证', required: true }, { name: '调档函', required: true }, { name: '委托书', required: false }],
      fee: '不收费',
    }));
    await post(t, '/admin/api/guides', guide('DRAFT-1', '草稿事项', { status: 'draft' }));
  });
  afterAll(async () => t.close());

  it('when news:<category> is tapped then the newest published item comes back as one article linking to its page', async () => {
    const reply = await tap(t, 'news:政策速递', 'oNews');
    expect(reply.MsgType).toBe('news');
    expect(reply.ArticleCount).toBe('1');
    expect(reply.Articles?.item).toMatchObject({
      Title: '新政策',
      Description: '新政策摘要',
      Url: `https://wx.example.gov.cn/h5/news/${latestId}`,
      PicUrl: 'https://img.example.gov.cn/a.jpg',
    });
    const page = await t.app.inject({ url: `/h5/news/${latestId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/h5/news?category=${encodeURIComponent('政策速递')}"`);
  });

  it('when the category list page is opened then it lists the published items of that category only', async () => {
    const page = await t.app.inject({ url: `/h5/news?category=${encodeURIComponent('政策速递')}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('新政策');
    expect(page.body).toContain('旧政策');
    expect(page.body).not.toContain('未发布政策');
    expect(page.body).not.toContain('定时政策');
    expect(page.body).not.toContain('本地新闻一');
  });

  it('when guide:<code> is tapped then a short text gives unit, time limit, the materials one by one, fee and the page link', async () => {
    const reply = await tap(t, 'guide:DEMO-RS-0002', 'oGuide');
    expect(reply.MsgType).toBe('text');
    const content = reply.Content!;
    expect(content).toContain('受理单位：人才服务窗口');
    expect(content).toContain('办理时限：承诺5个工作日');
    expect(content).toContain('申请材料（共3项，其中必交2项）：\n1. 居民身份证\n2. 调档函\n3. 委托书（非必交）');
    expect(content).toContain('收费标准：不收费');
    expect(content).toMatch(/https:\/\/wx\.example\.gov\.cn\/h5\/guides\/\d+/);
    expect(Buffer.byteLength(content)).toBeLessThan(2048);
  });

  it('when the category or code is unknown or unpublished then the reply is polite', async () => {
    expect((await tap(t, 'news:招标公告', 'oUnknown')).Content).toContain('暂无已发布的信息');
    expect((await tap(t, 'guide:NOPE-1', 'oUnknown')).Content).toContain('未找到该办事指南');
    expect((await tap(t, 'guide:DRAFT-1', 'oUnknown')).Content).toContain('未找到该办事指南');
  });
});
