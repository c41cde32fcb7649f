import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, createMenu } from './helpers.js';

const click = (name: string, key = 'keyword:测试') => ({ type: 'click', name, key });
const top = (name: string, sub: unknown[]) => ({ name, sub_button: sub });
/** A string of exactly n UTF-8 bytes. */
const ascii = (n: number) => 'a'.repeat(n);

const VALID = {
  button: [
    click('政策速递', 'news:政策速递'),
    top('办事服务', [
      click('服务菜单', 'menu:main'),
      { type: 'view', name: '网上办事', url: 'https://example.gov.cn/hall' },
      { type: 'location_select', name: '附近大厅', key: 'places:hall' },
    ]),
    top('互动', [click('我要投诉', 'ticket:投诉'), { type: 'miniprogram', name: '小程序', url: 'https://example.gov.cn', appid: 'wx286b93c14bbf93aa', pagepath: 'pages/index' }]),
  ],
};

type Case = [name: string, menu: unknown, field: string, message: string];

const CASES: Case[] = [
  ['no buttons', { button: [] }, 'button', '至少需要1个一级菜单'],
  ['no button field', {}, 'button', '至少需要1个一级菜单'],
  ['4 top-level buttons', { button: [click('一'), click('二'), click('三'), click('四')] }, 'button', '一级菜单最多3个'],
  ['6 sub-buttons', { button: [top('多', Array.from({ length: 6 }, (_, i) => click(`子${i}`)))] }, 'button[0].sub_button', '最多5个子菜单'],
  ['top name of 17 bytes', { button: [click('a'), click(ascii(17))] }, 'button[1].name', '最长16字节'],
  ['top name of 6 CJK chars (18 bytes)', { button: [click('政务服务大厅')] }, 'button[0].name', '最长16字节'],
  ['sub name of 61 bytes', { button: [click('a'), top('子', [click('x'), click('y'), click(ascii(61))])] }, 'button[1].sub_button[2].name', '最长60字节'],
  ['empty name', { button: [click('')] }, 'button[0].name', '一级菜单名称不能为空'],
  ['key of 129 bytes', { button: [click('长', `keyword:${ascii(121)}`)] }, 'button[0].key', '最长128字节'],
  ['url of 1025 bytes', { button: [{ type: 'view', name: '网', url: `https://e.cn/${ascii(1025 - 13)}` }] }, 'button[0].url', '最长1024字节'],
  ['url without scheme', { button: [{ type: 'view', name: '网', url: 'example.gov.cn' }] }, 'button[0].url', 'http://'],
  ['unknown type', { button: [{ type: 'bogus', name: '怪', key: 'x' }] }, 'button[0].type', '不支持的按钮类型'],
  ['leaf without type', { button: [{ name: '无类型', key: 'keyword:a' }] }, 'button[0].type', '必须设置 type'],
  ['parent with a type', { button: [{ type: 'click', key: 'keyword:a', name: '父', sub_button: [click('子')] }] }, 'button[0].type', '不能设置 type'],
  ['sub-button with its own sub-buttons', { button: [top('父', [top('子', [click('孙')])])] }, 'button[0].sub_button[0].sub_button', '最多两级'],
  ['click without key', { button: [{ type: 'click', name: '点' }] }, 'button[0].key', 'key不能为空'],
  ['click key that is no action URI', { button: [click('点', 'V1001_GOOD')] }, 'button[0].key', '未知的动作'],
  ['ticket key with an unknown category', { button: [click('点', 'ticket:吐槽')] }, 'button[0].key', '诉求类别'],
  ['view without url', { button: [{ type: 'view', name: '网' }] }, 'button[0].url', 'url不能为空'],
  ['miniprogram without appid', { button: [{ type: 'miniprogram', name: '小', url: 'https://e.cn', pagepath: 'p' }] }, 'button[0].appid', 'appid不能为空'],
  ['media_id without media_id', { button: [{ type: 'media_id', name: '图' }] }, 'button[0].media_id', 'media_id不能为空'],
  ['article_id without article_id', { button: [{ type: 'article_id', name: '文' }] }, 'button[0].article_id', 'article_id不能为空'],
  ['scancode_push without key', { button: [top('扫', [{ type: 'scancode_push', name: '扫码' }])] }, 'button[0].sub_button[0].key', 'key不能为空'],
  ['unknown button field', { button: [{ ...click('点'), colour: 'red' }] }, 'button[0].colour', '不支持的字段'],
  ['conditional matchrule', { ...VALID, matchrule: { tag_id: '2' } }, 'matchrule', '不支持的字段'],
  ['menu: link to a missing numbered menu', { button: [click('点', 'menu:nowhere')] }, 'button[0].key', '编号菜单代码“nowhere”不存在'],
];

describe('custom menu admin API (/admin/api/menu)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await createMenu(t, { code: 'main', title: '主菜单', items: [{ label: '热线', action: 'keyword:12345' }] });
  });
  beforeEach(() => t.fake.reset());
  afterAll(async () => t.close());

  it('when nothing was stored or published yet then GET and publish answer 404', async () => {
    expect((await admin(t, 'GET', '/menu')).statusCode).toBe(404);
    expect((await admin(t, 'POST', '/menu/publish')).statusCode).toBe(404);
    expect(t.fake.callsTo('/cgi-bin/menu/create')).toHaveLength(0);
  });

  it('when a valid menu is PUT then GET returns it as stored, with empty sub_button lists dropped, and the change is audited', async () => {
    const withEmptySubs = { button: VALID.button.map((b) => ('type' in b ? { ...b, sub_button: [] } : b)) };
    const res = await admin(t, 'PUT', '/menu', withEmptySubs);
    expect(res.statusCode, res.body).toBe(200);
    const got = await admin(t, 'GET', '/menu');
    expect(got.json()).toMatchObject({ button: VALID.button, updatedBy: 'admin', publishedAt: null, unpublishedChanges: true });
    const { rows } = await t.db.query("SELECT action FROM audit_log WHERE resource = 'custom-menu'");
    expect(rows.map((r) => r.action)).toContain('update');
  });

  it('when names, keys and urls sit exactly at the limits then the menu is accepted', async () => {
    const edge = {
      button: [
        click(ascii(16), `keyword:${ascii(120)}`),
        top('四个汉字', [click(ascii(60)), click('二十个汉字'.repeat(4))]),
        { type: 'view', name: '网', url: `https://e.cn/${ascii(1024 - 13)}` },
      ],
    };
    const res = await admin(t, 'PUT', '/menu', edge);
    expect(res.statusCode, res.body).toBe(200);
    expect((await admin(t, 'PUT', '/menu', VALID)).statusCode).toBe(200);
  });

  it.each(CASES)('when the menu has %s then 400 names the button field and nothing is stored', async (_name, menu, field, message) => {
    expect((await admin(t, 'PUT', '/menu', VALID)).statusCode).toBe(200);
    const res = await admin(t, 'PUT', '/menu', menu);
    expect(res.statusCode, res.body).toBe(400);
    const error = res.json().error as { field: string; message: string };
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
    expect((await admin(t, 'GET', '/menu')).json().button).toEqual(VALID.button);
  });

  it('when the menu is published then menu/create receives exactly the stored JSON, and the publication is recorded', async () => {
    await admin(t, 'PUT', '/menu', VALID);
    const res = await admin(t, 'POST', '/menu/publish');
    expect(res.statusCode, res.body).toBe(200);
    const calls = t.fake.callsTo('/cgi-bin/menu/create');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.body).toEqual(VALID);
    const stored = (await admin(t, 'GET', '/menu')).json();
    expect(stored).toMatchObject({ publishedBy: 'admin', unpublishedChanges: false });
    expect(stored.publishedAt).toEqual(expect.any(String));
    const { rows } = await t.db.query("SELECT action, detail FROM audit_log WHERE resource = 'custom-menu' AND action = 'publish'");
    expect(rows.at(-1)!.detail).toEqual(VALID);
  });

  it('when WeChat rejects the menu (40018) then publish answers 400 naming the WeChat code, and the failure is audited', async () => {
    t.fake.respond((call) => (call.path === '/cgi-bin/menu/create' ? { json: { errcode: 40018, errmsg: 'invalid button name size rid: 1' } } : undefined));
    const res = await admin(t, 'POST', '/menu/publish');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'WECHAT_REJECTED', field: 'button' });
    expect(res.json().error.message).toContain('40018');
    expect(res.json().error.message).toContain('名称长度');
    const { rows } = await t.db.query("SELECT detail FROM audit_log WHERE resource = 'custom-menu' AND action = 'publish-failed'");
    expect(JSON.stringify(rows.at(-1)!.detail)).toContain('40018');
  });

  it('when WeChat refuses for another reason (48001) then publish answers 502 naming the code, never 500', async () => {
    t.fake.respond((call) => (call.path === '/cgi-bin/menu/create' ? { json: { errcode: 48001, errmsg: 'api unauthorized' } } : undefined));
    const res = await admin(t, 'POST', '/menu/publish');
    expect(res.statusCode).toBe(502);
    expect(res.json().error.code).toBe('WECHAT_ERROR');
    expect(res.json().error.message).toContain('48001');
  });

  it('when the live menu is read back then it comes in PUT-ready form with its problems listed, and can be imported', async () => {
    const live = {
      menu: { button: [{ type: 'click', name: '今日', key: 'news:政策速递', sub_button: [] }, { name: '更多', sub_button: [{ type: 'click', name: '旧键', key: 'V1001_GOOD', sub_button: [] }] }] },
      conditionalmenu: [],
    };
    t.fake.respond((call) => (call.path === '/cgi-bin/menu/get' ? { json: live } : undefined));
    const res = await admin(t, 'GET', '/menu/remote');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().menu).toEqual(live.menu);
    expect(res.json().issues).toEqual([{ field: 'button[1].sub_button[0].key', message: expect.stringContaining('未知的动作') }]);
    const rejected = await admin(t, 'POST', '/menu/import');
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().error.field).toBe('button[1].sub_button[0].key');

    live.menu.button[1]!.sub_button![0]!.key = 'keyword:12345';
    const imported = await admin(t, 'POST', '/menu/import');
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().button).toEqual([
      { type: 'click', name: '今日', key: 'news:政策速递' },
      { name: '更多', sub_button: [{ type: 'click', name: '旧键', key: 'keyword:12345' }] },
    ]);
  });

  it('when the account has no live menu (46003) then remote answers menu null; other WeChat errors answer 502', async () => {
    t.fake.respond((call) => (call.path === '/cgi-bin/menu/get' ? { json: { errcode: 46003, errmsg: 'menu no exist' } } : undefined));
    const none = await admin(t, 'GET', '/menu/remote');
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ menu: null, conditionalmenu: [], issues: [] });
    t.fake.respond((call) => (call.path === '/cgi-bin/menu/get' ? { json: { errcode: 40164, errmsg: 'invalid ip' } } : undefined));
    const denied = await admin(t, 'GET', '/menu/remote');
    expect(denied.statusCode).toBe(502);
    expect(denied.json().error.message).toContain('40164');
  });
});
