import type { FeatureModule } from '../feature.js';
import { customMenuRoutes } from './custom-menu.admin.js';
import { CustomMenuService } from './custom-menu.service.js';
import { numberedMenuRoutes } from './menus.admin.js';
import { seedMenusDemo } from './menus.demo.js';
import { MenuFlow } from './menus.flow.js';
import { createMenuRepository } from './menus.repository.js';
import { expiredMenuFallback, menuRuleProvider } from './menus.rules.js';
import { NumberedMenuService } from './menus.service.js';

/** Numbered menus (回复数字) and the custom menu (自定义菜单). */
export const menusModule: FeatureModule = {
  name: 'menus',
  async create(ctx) {
    const repo = createMenuRepository(ctx.db);
    const numbered = new NumberedMenuService(repo, await ctx.changeBus('menus'));
    const custom = new CustomMenuService({ repo, wechatFor: ctx.wechatFor, account: ctx.account, log: ctx.log });
    const flow = new MenuFlow(numbered, ctx.kv, ctx.sessions);
    return {
      name: 'menus',
      rules: [menuRuleProvider(numbered, flow)],
      fallbacks: [expiredMenuFallback(flow)],
      async adminRoutes(app) {
        await numberedMenuRoutes(app, { menus: numbered, audit: ctx.audit });
        await customMenuRoutes(app, { custom, audit: ctx.audit });
      },
      seedDemo: (accountId) => seedMenusDemo(accountId, numbered, custom),
    };
  },
};
