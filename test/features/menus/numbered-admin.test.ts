import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, createMenu } from './helpers.js';

const leaf = (label: string, action = 'keyword:测试') => ({ label, action });
/** A chain of sub-menus `levels` deep, ending in one action. */
const nested = (levels: number): Record<string, unknown> =>
  levels === 0 ? leaf('末级') : { label: `第${levels}层`, items: [nested(levels - 1)] };

async function expect400(t: TestApp, body: unknown, field: string, message: string, method: 'POST' | 'PUT' = 'POST', url = '/numbered-menus') {
  const res = await admin(t, method, url, body);
  expect(res.statusCode, res.body).toBe(400);
  const error = res.json().error as { code: string; field: string; message: string };
  expect(error.field).toBe(field);
  expect(error.message).toContain(message);
}

describe('numbered menus admin API (/admin/api/numbered-menus)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('when an operator creates, reads, updates and deletes a tree then each step works and is audited', async () => {
    const body = { code: 'crud', title: '测试菜单', items: [leaf('一'), { label: '二', code: 'crud-sub', items: [leaf('二之一')] }] };
    const created = await admin(t, 'POST', '/numbered-menus', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject(body);

    const list = await admin(t, 'GET', '/numbered-menus');
    expect(list.json().items.map((m: { code: string }) => m.code)).toContain('crud');
    expect((await admin(t, 'GET', '/numbered-menus/crud')).json()).toMatchObject(body);

    const updated = await admin(t, 'PUT', '/numbered-menus/crud', { title: '改过的菜单', items: [leaf('只剩一项')] });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ code: 'crud', title: '改过的菜单', items: [leaf('只剩一项')] });
    expect(Date.parse(updated.json().updatedAt)).toBeGreaterThan(Date.parse(created.json().updatedAt));

    expect((await admin(t, 'DELETE', '/numbered-menus/crud')).statusCode).toBe(204);
    expect((await admin(t, 'GET', '/numbered-menus/crud')).statusCode).toBe(404);
    expect((await admin(t, 'DELETE', '/numbered-menus/crud')).statusCode).toBe(404);

    const { rows } = await t.db.query("SELECT action FROM audit_log WHERE resource = 'numbered-menu' AND resource_id = 'crud' ORDER BY id");
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
  });

  it('when the same code is created twice then the second gets 409 and the first is kept', async () => {
    await createMenu(t, { code: 'twice', title: '第一次', items: [leaf('一')] });
    const res = await admin(t, 'POST', '/numbered-menus', { code: 'twice', title: '第二次', items: [leaf('一')] });
    expect(res.statusCode).toBe(409);
    expect((await admin(t, 'GET', '/numbered-menus/twice')).json().title).toBe('第一次');
  });

  it('when a node has more than 9 choices then 400 names that list (one digit must select)', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => leaf(`选项${i + 1}`));
    await expect400(t, { code: 'ten', title: '十项', items: ten }, 'items', '最多9个选项');
    await expect400(t, { code: 'ten', title: '十项', items: [{ label: '子菜单', items: ten }] }, 'items[0].items', '最多9个选项');
    const nine = await admin(t, 'POST', '/numbered-menus', { code: 'nine', title: '九项', items: ten.slice(0, 9) });
    expect(nine.statusCode, nine.body).toBe(201);
  });

  it('when labels or titles are empty, too long or multi-line then 400 names the field', async () => {
    await expect400(t, { code: 'lbl', title: '标题', items: [leaf('好'), leaf('')] }, 'items[1].label', '选项名称不能为空');
    await expect400(t, { code: 'lbl', title: '标题', items: [leaf('长'.repeat(31))] }, 'items[0].label', '最多30个字');
    await expect400(t, { code: 'lbl', title: '标题', items: [leaf('两\n行')] }, 'items[0].label', '不能换行');
    await expect400(t, { code: 'lbl', title: '', items: [leaf('好')] }, 'title', '菜单标题不能为空');
    await expect400(t, { code: 'lbl', title: '标题', items: [{ label: '子', title: '题'.repeat(41), items: [leaf('好')] }] }, 'items[0].title', '最多40个字');
    await expect400(t, { code: 'lbl', title: '标题', items: [{ label: 7, action: 'keyword:测试' }] }, 'items[0].label', '必须是文字');
    const missing = await admin(t, 'POST', '/numbered-menus', { code: 'lbl', items: [leaf('好')] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('title');
  });

  it('when a node has both or neither of action and items, or an unknown field, then 400 names the node', async () => {
    await expect400(t, { code: 'shape', title: '标题', items: [leaf('好'), { label: '空' }] }, 'items[1]', '二者选一');
    await expect400(t, { code: 'shape', title: '标题', items: [{ label: '都有', action: 'keyword:a', items: [leaf('a')] }] }, 'items[0]', '二者选一');
    await expect400(t, { code: 'shape', title: '标题', items: [{ label: '子菜单', items: [] }] }, 'items[0].items', '至少需要1个选项');
    await expect400(t, { code: 'shape', title: '标题', items: [{ label: '好', action: 'keyword:a', acton: 'x' }] }, 'items[0].acton', '不支持的字段');
  });

  it('when an action is not a known action URI then 400 names it', async () => {
    const cases: Array<[string, string]> = [
      ['foo:bar', '未知的动作'],
      ['news:', '资讯栏目'],
      ['guide:', '事项编码'],
      ['ticket:吐槽', '诉求类别'],
      ['tickets:all', 'tickets:mine'],
      ['menu:Bad Code', '编号菜单的代码'],
      [`keyword:${'长'.repeat(43)}`, '最长128字节'],
      [' news:政策速递', '空格'],
    ];
    for (const [action, message] of cases) {
      await expect400(t, { code: 'act', title: '标题', items: [leaf('好'), { label: '坏', action }] }, 'items[1].action', message);
    }
    const ok = ['news:政策速递', 'guide:DEMO-RS-0001', 'search:社保', 'places:hospital', 'appointment', 'appointment:hall-1', 'ticket:投诉', 'tickets:mine', 'keyword:12345'];
    const res = await admin(t, 'POST', '/numbered-menus', { code: 'act-ok', title: '标题', items: ok.map((action, i) => leaf(`项${i}`, action)) });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('when a tree is deeper than 4 levels then 400 names the too-deep list', async () => {
    const ok = await admin(t, 'POST', '/numbered-menus', { code: 'deep4', title: '四层', items: [nested(3)] });
    expect(ok.statusCode, ok.body).toBe(201);
    await expect400(t, { code: 'deep5', title: '五层', items: [nested(4)] }, 'items[0].items[0].items[0].items[0].items', '最多4层');
  });

  it('when codes clash or a menu: link points nowhere then 400 names the field', async () => {
    await expect400(t, { code: 'Bad', title: '标题', items: [leaf('好')] }, 'code', '小写字母');
    await expect400(t, { code: 'dup', title: '标题', items: [{ label: '子', code: 'dup', items: [leaf('a')] }] }, 'items[0].code', '已被 code 使用');
    await createMenu(t, { code: 'owner', title: '标题', items: [{ label: '子', code: 'shared-code', items: [leaf('a')] }] });
    await expect400(t, { code: 'thief', title: '标题', items: [{ label: '子', code: 'shared-code', items: [leaf('a')] }] }, 'items[0].code', '已在编号菜单“owner”中使用');
    await expect400(t, { code: 'linker', title: '标题', items: [leaf('去', 'menu:nowhere')] }, 'items[0].action', '编号菜单代码“nowhere”不存在');
    await expect400(t, { code: 'leafcode', title: '标题', items: [{ label: '叶', code: 'leafcode-x', action: 'keyword:a' }] }, 'items[0].code', '只有子菜单可以设置代码');
  });

  it('when a menu or node is still linked from another menu or the custom menu then deleting or removing it gets 409', async () => {
    await createMenu(t, { code: 'target', title: '目标', items: [{ label: '子', code: 'target-sub', items: [leaf('a')] }] });
    await createMenu(t, { code: 'source', title: '来源', items: [leaf('去目标', 'menu:target-sub')] });
    const del = await admin(t, 'DELETE', '/numbered-menus/target');
    expect(del.statusCode).toBe(409);
    expect(del.json().error.message).toContain('编号菜单“source”');
    const shrink = await admin(t, 'PUT', '/numbered-menus/target', { title: '目标', items: [leaf('a')] });
    expect(shrink.statusCode).toBe(409);
    expect((await admin(t, 'GET', '/numbered-menus/target')).json().items[0].code).toBe('target-sub');

    await createMenu(t, { code: 'clicked', title: '被点击', items: [leaf('a')] });
    const put = await admin(t, 'PUT', '/menu', { button: [{ type: 'click', name: '打开', key: 'menu:clicked' }] });
    expect(put.statusCode, put.body).toBe(200);
    const delClicked = await admin(t, 'DELETE', '/numbered-menus/clicked');
    expect(delClicked.statusCode).toBe(409);
    expect(delClicked.json().error.message).toContain('自定义菜单');

    expect((await admin(t, 'DELETE', '/numbered-menus/source')).statusCode).toBe(204);
    expect((await admin(t, 'DELETE', '/numbered-menus/target')).statusCode).toBe(204);
  });

  it('when PUT changes the code, names a missing menu or a bad path code then it gets a clear 4xx', async () => {
    await createMenu(t, { code: 'fixed', title: '标题', items: [leaf('a')] });
    await expect400(t, { code: 'other', title: '标题', items: [leaf('a')] }, 'code', '不可修改', 'PUT', '/numbered-menus/fixed');
    expect((await admin(t, 'PUT', '/numbered-menus/missing', { title: '标题', items: [leaf('a')] })).statusCode).toBe(404);
    const badParam = await admin(t, 'GET', '/numbered-menus/BAD%20CODE');
    expect(badParam.statusCode).toBe(400);
    expect(badParam.json().error.field).toBe('code');
  });
});
