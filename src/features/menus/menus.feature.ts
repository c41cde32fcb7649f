import type { FeatureModule } from '../feature.js';

/** Numbered menus (回复数字) and the custom menu (自定义菜单). */
export const menusModule: FeatureModule = {
  name: 'menus',
  create: () => ({ name: 'menus' }),
};
