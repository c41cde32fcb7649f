import { clickKeysOf } from './custom-menu.validate.js';
import { menuCodeOf } from './menus.actions.js';
import type { Issue, NumberedMenuInput, WechatMenu } from './menus.types.js';
import { codesOf, menuReferencesOf } from './numbered-menu.validate.js';

/**
 * `menu:<code>` links between numbered menus and from the custom menu. Codes are
 * unique per account, and a write may not leave a link pointing nowhere: a
 * citizen would tap a dead button.
 */
export interface MenuWorld {
  menus: NumberedMenuInput[];
  custom?: WechatMenu;
}

/** Where a dangling link sits: a numbered menu's code, or "custom" for the custom menu. */
export interface Dangling {
  owner: string;
  field: string;
  code: string;
}

export const CUSTOM_OWNER = 'custom';

export function definedCodes(menus: NumberedMenuInput[]): Set<string> {
  const codes = new Set<string>();
  for (const menu of menus) for (const code of codesOf(menu).keys()) codes.add(code);
  return codes;
}

/** Codes `target` defines that another menu already defines. */
export function duplicateCodeIssues(target: NumberedMenuInput, others: NumberedMenuInput[]): Issue[] {
  const issues: Issue[] = [];
  for (const other of others) {
    if (other.code === target.code) continue;
    const theirs = codesOf(other);
    for (const [code, field] of codesOf(target)) {
      if (theirs.has(code)) issues.push({ field, message: `代码“${code}”已在编号菜单“${other.code}”中使用` });
    }
  }
  return issues;
}

export function danglingReferences(world: MenuWorld): Dangling[] {
  const codes = definedCodes(world.menus);
  const out: Dangling[] = [];
  for (const menu of world.menus) {
    for (const ref of menuReferencesOf(menu)) if (!codes.has(ref.code)) out.push({ owner: menu.code, ...ref });
  }
  for (const { key, field } of world.custom ? clickKeysOf(world.custom) : []) {
    const code = menuCodeOf(key);
    if (code && !codes.has(code)) out.push({ owner: CUSTOM_OWNER, field, code });
  }
  return out;
}

/** Links that `after` breaks and `before` did not (old breakage never blocks an unrelated edit). */
export function newlyDangling(before: MenuWorld, after: MenuWorld): Dangling[] {
  const id = (d: Dangling) => `${d.owner}\u0000${d.field}\u0000${d.code}`;
  const old = new Set(danglingReferences(before).map(id));
  return danglingReferences(after).filter((d) => !old.has(id(d)));
}

export const describeOwner = (owner: string) => (owner === CUSTOM_OWNER ? '自定义菜单' : `编号菜单“${owner}”`);
