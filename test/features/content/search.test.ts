import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { nextMsgId, postWechat, readReply } from '../../helpers/wechat.js';
import { guide, listed, news, place, post, say, tap, voiceXml } from './content-helpers.js';

const ABOUT_DANG_AN_TITLES = ['人事档案查询', '流动人员人事档案转递', '学籍档案证明', '档案馆开放日', '示例区档案馆'];

describe('Chinese search: recall, ranking, paging, synonyms, unmatched', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const g = (payload: unknown) => post(t, '/admin/api/guides', payload);
    await g(guide('DA-1', '人事档案查询', { keywords: ['档案'] }));
    await g(guide('DA-2', '流动人员人事档案转递'));
    await g(guide('DA-3', '学籍档案证明'));
    await g(guide('DA-4', '职称评审', { keywords: ['档案材料'], materials: [{ name: '职称评审表', required: true, originals: 1 }] }));
    await g(guide('DA-5', '退休审批', { materials: [{ name: '本人档案', required: true }] }));
    await g(guide('DA-6', '档案销毁', { status: 'draft' }));
    await g(guide('SB-1', '社会保障卡申领', { keywords: ['社保卡', '社保'], phone: '0000-1234' }));
    await g(guide('HK-1', '出生登记', { keywords: ['上户口', '落户'], fee: '不收费' }));
    await g(guide('TAX-1', '个人所得税申报'));
    await g(guide('KB-1', '企业开办', { materials: [{ name: '税务登记表' }] }));
    await post(t, '/admin/api/news', news('档案馆开放日', '本地新闻'));
    await post(t, '/admin/api/places', place('示例区档案馆', 'venue', 30, 120));
    await post(t, '/admin/api/accounts', { id: 'other', name: '其他', appId: 'wx0000000000other', appSecret: 'secret-other', token: 'othertoken' });
    await post(t, '/admin/api/guides', guide('DA-9', '档案寄存'), { 'x-account-id': 'other' });
  });
  afterAll(async () => t.close());

  it('when a citizen types 档案 then every published guide, news item and place about 档案 is listed, ranked, and nothing else', async () => {
    const first = await say(t, '档案', 'oDangAn');
    expect(first.Content).toContain('相关结果6条');
    const page1 = listed(first.Content);
    expect(page1[0]).toBe('人事档案查询'); // exact keyword match first
    expect(new Set(page1)).toEqual(new Set(ABOUT_DANG_AN_TITLES)); // title hits next
    const page2 = listed((await say(t, '下一页', 'oDangAn')).Content);
    expect(page2).toEqual(['职称评审']); // a keyword hit; 退休审批 only names 档案 among its materials
    expect([...page1, ...page2]).not.toContain('退休审批');
    expect([...page1, ...page2]).not.toContain('档案销毁');
    expect([...page1, ...page2]).not.toContain('档案寄存');
  });

  it('when the query is Traditional (檔案) or spoken with trailing punctuation then the same results come back', async () => {
    const plain = listed((await say(t, '档案', 'oPlain')).Content);
    expect(listed((await say(t, '檔案', 'oTrad')).Content)).toEqual(plain);
    const voice = readReply((await postWechat(t.app, voiceXml('档案。', 'oVoice', nextMsgId()))).body);
    expect(listed(voice.Content as string)).toEqual(plain);
  });

  it('when a citizen replies with a number then that result opens; paging goes on and back; bad numbers re-ask with the reason', async () => {
    const who = 'oPick';
    const titles = listed((await say(t, '档案', who)).Content);
    expect((await say(t, '下一页', who)).Content).toContain('第2/2页');
    expect((await say(t, '下一页', who)).Content).toContain('已经是最后一页');
    const sixth = await say(t, '6', who);
    expect(sixth.Content).toContain('【职称评审】');
    expect(sixth.Content).toMatch(/受理单位：示例区测试局/);
    expect(sixth.Content).toContain('申请材料（共1项）：\n1. 职称评审表，原件1份');
    expect(sixth.Content).toMatch(/\/h5\/guides\/\d+/);
    expect((await say(t, '99', who)).Content).toContain('没有第99条结果，请回复1-6之间的序号');
    expect((await say(t, '上一页', who)).Content).toContain('第1/2页');
    const newsNumber = titles.indexOf('档案馆开放日') + 1;
    const opened = await say(t, String(newsNumber), who);
    expect(opened.MsgType).toBe('news');
    expect(opened.Articles?.item.Title).toBe('档案馆开放日');
    expect(opened.Articles?.item.Url).toMatch(/\/h5\/news\/\d+$/);
    expect((await say(t, '0', who)).Content).toContain('已退出搜索结果');
    // Out of the flow, a number is no longer a pick.
    expect((await say(t, '2', who)).Content ?? '').not.toContain('【');
  });

  it('when the search session has expired then a number gets a polite "expired, search again" reply', async () => {
    const who = 'oExpire';
    await say(t, '档案', who);
    await t.kv.del(`session:default:${who}`);
    const reply = await say(t, '2', who);
    expect(reply.Content).toContain('已超时失效');
    expect(reply.Content).toContain('重新发送');
  });

  it('when only one result matches then it opens directly; a single meaningful character searches titles only', async () => {
    const birth = await say(t, '出生登记', 'oOne');
    expect(birth.Content).toContain('【出生登记】');
    expect(birth.Content).toContain('收费标准：不收费');
    const tax = await say(t, '税', 'oTax');
    expect(tax.Content).toContain('【个人所得税申报】'); // not 企业开办, which mentions 税 only in a material
  });

  it('when 搜索 <words> is sent then it searches even if an operator keyword contains the words', async () => {
    await post(t, '/admin/api/keyword-rules', { name: '社保', keywords: [{ text: '社保', match: 'contains' }], replies: [{ type: 'text', content: '关键词回复' }], replyMode: 'random' });
    expect((await say(t, '社保卡', 'oKw')).Content).toBe('关键词回复');
    const explicit = await say(t, '搜索 社保卡', 'oKw');
    expect(explicit.Content).toContain('【社会保障卡申领】');
    expect((await say(t, '搜索', 'oKw')).Content).toContain('请在“搜索”后输入');
  });

  it('when a conversational sentence is sent then the relaxed pass still finds the matter', async () => {
    const reply = await say(t, '我想问一下流动人员档案转递需要什么材料？', 'oSentence');
    expect(reply.Content).toContain('【流动人员人事档案转递】');
  });

  it('when operators add a synonym group then 户籍 finds what is filed under 户口/落户', async () => {
    expect((await say(t, '户籍', 'oSyn1')).Content).toContain('暂未找到');
    const group = await post(t, '/admin/api/search/synonyms', { terms: ['户口', '户籍', '落户'] });
    expect((await say(t, '户籍', 'oSyn2')).Content).toContain('【出生登记】');
    const clash = await t.app.inject({ method: 'POST', url: '/admin/api/search/synonyms', headers: adminHeaders, payload: { terms: ['落户', '入户'] } });
    expect(clash.statusCode).toBe(409);
    const list = await t.app.inject({ url: '/admin/api/search/synonyms', headers: adminHeaders });
    expect(list.json().items).toEqual([expect.objectContaining({ id: group.id, terms: ['户口', '户籍', '落户'] })]);
  });

  it('when nothing matches then the reply suggests the menu and 12345, and operators see the top unmatched queries', async () => {
    const reply = await say(t, '火星移民', 'oNone1');
    expect(reply.Content).toContain('回复“菜单”');
    expect(reply.Content).toContain('12345');
    await say(t, '火星移民！', 'oNone2');
    await say(t, '量子纠缠', 'oNone3');
    await say(t, '我的手机13812345678', 'oNone4');
    const res = await t.app.inject({ url: '/admin/api/search/unmatched?limit=50', headers: adminHeaders });
    const items = res.json().items as Array<{ query: string; count: number }>;
    expect(items[0]).toMatchObject({ query: '火星移民', count: 2 });
    expect(items).toContainEqual(expect.objectContaining({ query: '量子纠缠', count: 1 }));
    expect(JSON.stringify(items)).not.toContain('13812345678');
  });

  it('when an operator adds, edits or removes a guide, news item or place then the next identical search shows it at once', async () => {
    const edit = (method: 'PUT' | 'DELETE', url: string, payload?: unknown) =>
      t.app.inject({ method, url, headers: adminHeaders, ...(payload ? { payload: payload as object } : {}) });
    expect((await say(t, '天文台', 'oFresh1')).Content).toContain('暂未找到');
    const created = await post(t, '/admin/api/guides', guide('TW-1', '天文台参观预约'));
    expect((await say(t, '天文台', 'oFresh2')).Content).toContain('【天文台参观预约】');
    expect((await edit('PUT', `/admin/api/guides/${created.id}`, guide('TW-1', '天文台夜间观测预约'))).statusCode).toBe(200);
    expect((await say(t, '天文台', 'oFresh3')).Content).toContain('【天文台夜间观测预约】');
    const venue = await post(t, '/admin/api/places', place('示例区天文台', 'venue', 30.1, 120.1));
    expect(listed((await say(t, '天文台', 'oFresh4')).Content)).toEqual(expect.arrayContaining(['天文台夜间观测预约', '示例区天文台']));
    expect((await edit('DELETE', `/admin/api/places/${venue.id}`)).statusCode).toBe(204);
    const item = await post(t, '/admin/api/news', news('天文台开放日通知', '本地新闻'));
    expect(listed((await say(t, '天文台', 'oFresh5')).Content)).toEqual(expect.arrayContaining(['天文台夜间观测预约', '天文台开放日通知']));
    expect((await edit('DELETE', `/admin/api/news/${item.id}`)).statusCode).toBe(204);
    expect((await edit('DELETE', `/admin/api/guides/${created.id}`)).statusCode).toBe(204);
    expect((await say(t, '天文台', 'oFresh6')).Content).toContain('暂未找到');
  });

  it('when a menu key is search:<words> then the results list comes back and numbers pick from it', async () => {
    const reply = await tap(t, 'search:档案', 'oTapSearch');
    expect(listed(reply.Content)[0]).toBe('人事档案查询');
    expect((await say(t, '1', 'oTapSearch')).Content).toContain('【人事档案查询】');
  });
});
