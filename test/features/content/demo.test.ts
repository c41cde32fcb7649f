import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { nextMsgId, postWechat, readReply } from '../../helpers/wechat.js';
import { listed, locationXml, post, say, tap } from './content-helpers.js';

describe('demo content: what a fresh start shows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  it('when a citizen types 档案 or 檔案 then the 人事档案 guide answers with unit, time limit, materials, fee and link', async () => {
    for (const [text, who] of [['档案', 'oDemo1'], ['檔案', 'oDemo2']]) {
      const content = (await say(t, text!, who!)).Content!;
      expect(content).toContain('【流动人员人事档案转递（转出）】');
      expect(content).toContain('受理单位：示例区政务服务中心人才服务窗口');
      expect(content).toContain('办理时限：承诺5个工作日');
      expect(content).toMatch(/申请材料（共3项，其中必交2项）：\n1\. /);
      expect(content).toContain('收费标准：不收费');
      expect(content).toMatch(/\/h5\/guides\/\d+/);
    }
  });

  it('when a citizen types 社保 then both 社保 guides lead the numbered list', async () => {
    const titles = listed((await say(t, '社保', 'oDemo3')).Content);
    expect(titles.slice(0, 2).sort()).toEqual(['灵活就业人员参加企业职工基本养老保险登记', '社会保障卡申领（首次申领、补领、换领）']);
  });

  it('when each demo news category is tapped then one article comes back', async () => {
    for (const category of ['政策速递', '本地新闻', '应急动态']) {
      const reply = await tap(t, `news:${category}`, 'oDemo4');
      expect(reply.MsgType, category).toBe('news');
      const page = await t.app.inject({ url: new URL(reply.Articles!.item.Url!).pathname });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(category);
    }
  });

  it('when a citizen near the demo service centre sends a location then 5 places come back with distances', async () => {
    const res = await postWechat(t.app, locationXml(23.0005, 113.0005, 'oDemo5', nextMsgId()));
    const content = readReply(res.body).Content as string;
    expect(content).toContain('示例区政务服务中心（');
    expect(content.match(/^\d+\. /gm)).toHaveLength(5);
  });

  it('when the demo guides are imported into another account then they all pass the admin schema', async () => {
    await post(t, '/admin/api/accounts', { id: 'demo2', name: '演示二', appId: 'wx00000000000demo2', appSecret: 'secret-demo2', token: 'demotoken2' });
    const demo = JSON.parse(await readFile(new URL('../../../config/demo/content.json', import.meta.url), 'utf8'));
    expect(demo.guides).toHaveLength(12);
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/guides/import', headers: { ...adminHeaders, 'x-account-id': 'demo2' }, payload: demo.guides });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toBe(12);
    for (const item of demo.news) await post(t, '/admin/api/news', item, { 'x-account-id': 'demo2' });
    for (const item of demo.places) await post(t, '/admin/api/places', item, { 'x-account-id': 'demo2' });
  });
});
