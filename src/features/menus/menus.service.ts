import type { ChangeBus, PublishResult } from '../../infra/change-bus.js';
import { AppError, conflict } from '../../lib/errors.js';
import { describeOwner, duplicateCodeIssues, newlyDangling, type Dangling, type MenuWorld } from './menus.references.js';
import type { MenuQueries, MenuRepository } from './menus.repository.js';
import { MenuValidationError, type MenuNode, type NumberedMenu, type NumberedMenuInput } from './menus.types.js';
import { validateNumberedMenu } from './numbered-menu.validate.js';

/** Where a code points: a tree and the path of choice indexes from its root ([] = the root). */
export interface MenuLocation {
  menu: string;
  path: number[];
}

export interface MenuSet {
  menus: Map<string, NumberedMenu>;
  codes: Map<string, MenuLocation>;
}

/** The code of the menu shown for 菜单 / 帮助 / ? / 0. */
export const MAIN_MENU_CODE = 'main';

function indexCodes(menus: NumberedMenu[]): Map<string, MenuLocation> {
  const codes = new Map<string, MenuLocation>();
  for (const menu of menus) {
    codes.set(menu.code, { menu: menu.code, path: [] });
    const walk = (items: MenuNode[], path: number[]) =>
      items.forEach((node, i) => {
        if (node.items && node.code) codes.set(node.code, { menu: menu.code, path: [...path, i] });
        if (node.items) walk(node.items, [...path, i]);
      });
    walk(menu.items, []);
  }
  return codes;
}

const strip = ({ code, title, items }: NumberedMenuInput): NumberedMenuInput => ({ code, title, items });

function brokenLinks(dangling: Dangling[]): AppError {
  const first = dangling[0]!;
  return conflict(`菜单代码“${first.code}”仍被${describeOwner(first.owner)}的 ${first.field} 引用，请先修改该处`);
}

/**
 * Numbered menus: validated as whole trees, cached per account and dropped from
 * the cache on any instance through the change bus.
 */
export class NumberedMenuService {
  private readonly cache = new Map<string, Promise<MenuSet>>();

  constructor(
    private readonly repo: MenuRepository,
    private readonly bus: ChangeBus,
  ) {
    bus.onChange((accountId) => (accountId === null ? this.cache.clear() : this.cache.delete(accountId)));
  }

  onChange(listener: (accountId: string | null) => void): void {
    this.bus.onChange(listener);
  }

  /** Tells every instance (this one included) that an account's menus changed. */
  changed(accountId: string): Promise<PublishResult> {
    return this.bus.publish(accountId);
  }

  load(accountId: string): Promise<MenuSet> {
    let entry = this.cache.get(accountId);
    if (!entry) {
      entry = this.repo.listMenus(accountId).then((menus) => ({ menus: new Map(menus.map((m) => [m.code, m])), codes: indexCodes(menus) }));
      this.cache.set(accountId, entry);
      entry.catch(() => this.cache.delete(accountId));
    }
    return entry;
  }

  list(accountId: string): Promise<NumberedMenu[]> {
    return this.repo.listMenus(accountId);
  }

  async get(accountId: string, code: string): Promise<NumberedMenu | undefined> {
    return (await this.repo.listMenus(accountId)).find((m) => m.code === code);
  }

  async create(accountId: string, input: NumberedMenuInput): Promise<NumberedMenu> {
    const menu = await this.write(accountId, input, async (q, all) => {
      if (all.some((m) => m.code === input.code)) throw conflict(`编号菜单“${input.code}”已存在，请用 PUT 修改`);
      return q.insertMenu(accountId, input);
    });
    if (!menu) throw conflict(`编号菜单“${input.code}”已存在，请用 PUT 修改`);
    return menu;
  }

  async update(accountId: string, code: string, input: NumberedMenuInput): Promise<NumberedMenu | undefined> {
    return this.write(accountId, { ...input, code }, async (q, all) => (all.some((m) => m.code === code) ? q.updateMenu(accountId, code, { ...input, code }) : undefined));
  }

  async remove(accountId: string, code: string): Promise<boolean> {
    const removed = await this.repo.locked(accountId, async (q) => {
      const all = await q.listMenus(accountId);
      if (!all.some((m) => m.code === code)) return false;
      const custom = (await q.getCustomMenu(accountId))?.menu;
      const broken = newlyDangling({ menus: all, custom }, { menus: all.filter((m) => m.code !== code), custom });
      if (broken.length > 0) throw brokenLinks(broken);
      return q.deleteMenu(accountId, code);
    });
    if (removed) await this.changed(accountId);
    return removed;
  }

  /** Validates a tree against itself and every other tree and the custom menu, then stores it. */
  private async write<T>(accountId: string, raw: NumberedMenuInput, store: (q: MenuQueries, all: NumberedMenu[]) => Promise<T | undefined>): Promise<T | undefined> {
    const input = strip(raw);
    const issues = validateNumberedMenu(input);
    if (issues.length > 0) throw new MenuValidationError(issues);
    const result = await this.repo.locked(accountId, async (q) => {
      const all = await q.listMenus(accountId);
      const others = all.filter((m) => m.code !== input.code).map(strip);
      const duplicates = duplicateCodeIssues(input, others);
      if (duplicates.length > 0) throw new MenuValidationError(duplicates);
      const custom = (await q.getCustomMenu(accountId))?.menu;
      const before: MenuWorld = { menus: all.map(strip), custom };
      const broken = newlyDangling(before, { menus: [...others, input], custom });
      const own = broken.filter((d) => d.owner === input.code);
      if (own.length > 0) throw new MenuValidationError(own.map((d) => ({ field: d.field, message: `编号菜单代码“${d.code}”不存在` })));
      if (broken.length > 0) throw brokenLinks(broken);
      return store(q, all);
    });
    if (result) await this.changed(accountId);
    return result;
  }
}
