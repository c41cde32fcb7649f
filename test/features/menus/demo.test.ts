import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCustomMenu } from '../../../src/features/menus/custom-menu.validate.js';
import { readMenusDemo, type MenusDemo } from '../../../src/features/menus/menus.demo.js';
import { danglingReferences } from '../../../src/features/menus/menus.references.js';
import { validateNumberedMenu } from '../../../src/features/menus/numbered-menu.validate.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, FOOTER, say, tap } from './helpers.js';

describe('demo menus (config/demo/menus.json)', () => {
  let demo: MenusDemo;
  let t: TestApp;
  beforeAll(async () => {
    demo = await readMenusDemo();
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  it('when the demo file is checked then every numbered menu and the custom menu pass validation with no dangling links', () => {
    for (const menu of demo.numberedMenus) expect(validateNumberedMenu(menu), menu.code).toEqual([]);
    expect(validateCustomMenu(demo.customMenu)).toEqual([]);
    expect(danglingReferences({ menus: demo.numberedMenus, custom: demo.customMenu })).toEqual([]);
  });

  it('when the demo custom menu is read then it uses the contract keys and a location_select button', () => {
    const keys = demo.customMenu.button.flatMap((b) => [b, ...(b.sub_button ?? [])]).map((b) => `${b.type}:${b.key}`);
    for (const key of ['click:news:政策速递', 'click:menu:main', 'click:appointment', 'click:ticket:投诉']) expect(keys).toContain(key);
    expect(keys.some((k) => k.startsWith('location_select:'))).toBe(true);
  });

  it('when the app starts with SEED_DEMO then the numbered menus and the custom menu are stored', async () => {
    const list = (await admin(t, 'GET', '/numbered-menus')).json().items as Array<{ code: string }>;
    expect(list.map((m) => m.code)).toEqual(demo.numberedMenus.map((m) => m.code).sort());
    const stored = await admin(t, 'GET', '/menu');
    expect(stored.statusCode).toBe(200);
    expect(stored.json().button).toEqual(demo.customMenu.button);
  });

  it('when a citizen sends 菜单 then the demo main menu lists its choices, and 办事指南 opens the guides by code', async () => {
    const main = demo.numberedMenus.find((m) => m.code === 'main')!;
    const reply = await say(t, 'oDemoMenu', '菜单');
    expect(reply).toBe([main.title, ...main.items.map((item, i) => `${i + 1}. ${item.label}`), FOOTER].join('\n'));
    const banshi = main.items.findIndex((item) => item.code === 'banshi');
    const sub = await say(t, 'oDemoMenu', String(banshi + 1));
    expect(sub.split('\n')[0]).toBe(main.items[banshi]!.title);
    expect(sub).toContain('1. 社保卡申领、补领、换领');
  });

  it('when the demo 热线电话 choice and the menu:bianmin key are used then they answer', async () => {
    const main = demo.numberedMenus.find((m) => m.code === 'main')!;
    const hotline = main.items.findIndex((item) => item.action === 'keyword:12345');
    await say(t, 'oDemoHotline', '菜单');
    expect(await say(t, 'oDemoHotline', String(hotline + 1))).toContain('12345政务服务便民热线');
    expect((await tap(t, 'oDemoTap', 'menu:bianmin')).split('\n')[0]).toBe('便民服务 · 附近场所');
  });

  it('when the demo custom menu is published then WeChat receives it unchanged', async () => {
    const res = await admin(t, 'POST', '/menu/publish');
    expect(res.statusCode, res.body).toBe(200);
    expect(t.fake.callsTo('/cgi-bin/menu/create').at(-1)!.body).toEqual(demo.customMenu);
  });
});
