import { readDemo } from '../../demo/demo-files.js';
import type { CustomMenuService } from './custom-menu.service.js';
import type { NumberedMenuService } from './menus.service.js';
import type { NumberedMenuInput, WechatMenu } from './menus.types.js';

export interface MenusDemo {
  /** In dependency order: a menu's `menu:` links point at menus listed before it or in it. */
  numberedMenus: NumberedMenuInput[];
  customMenu: WechatMenu;
}

export const readMenusDemo = () => readDemo<MenusDemo>('menus.json');

/** Loads the demo menus through the same validation as the admin API; the custom menu is stored, not published. */
export async function seedMenusDemo(accountId: string, numbered: NumberedMenuService, custom: CustomMenuService): Promise<void> {
  const demo = await readMenusDemo();
  for (const menu of demo.numberedMenus) {
    if (await numbered.get(accountId, menu.code)) await numbered.update(accountId, menu.code, menu);
    else await numbered.create(accountId, menu);
  }
  await custom.put(accountId, demo.customMenu, 'demo');
}
