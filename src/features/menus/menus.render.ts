import type { MenuNode, NumberedMenu } from './menus.types.js';
import type { MenuLocation, MenuSet } from './menus.service.js';

/** Elderly readers follow one fixed instruction line, the same on every level. */
export const MENU_FOOTER = '回复数字选择，回复0返回上一级，回复“退出”离开。';

export const TEXT = {
  left: '好的，已退出菜单。需要时请随时回复“菜单”；如需人工帮助，请拨打12345政务服务便民热线。',
  expired: (minutes: number) => `您好，刚才的菜单已超过${minutes}分钟没有操作，已自动关闭。请回复“菜单”重新开始。`,
  expiredBackToMain: (minutes: number) => `您好，刚才的菜单已超过${minutes}分钟没有操作，已为您回到主菜单。`,
  invalid: (reply: string, count: number) =>
    count === 1 ? `您回复的“${reply}”没有对应的选项，本级只有1项，请回复1。` : `您回复的“${reply}”没有对应的选项，请回复1到${count}之间的数字。`,
  updated: '菜单内容刚刚更新，请按下面的新菜单重新选择。',
  unknownMenu: '该菜单暂未开放，请回复“菜单”查看可用服务，或拨打12345政务服务便民热线。',
  empty: '抱歉，该项服务暂时没有内容。请回复其他数字，或拨打12345政务服务便民热线。',
} as const;

export interface ResolvedMenu {
  menu: NumberedMenu;
  title: string;
  items: MenuNode[];
}

/** The sub-menu at a location, or undefined when an edit removed it. */
export function resolve(set: MenuSet, location: MenuLocation): ResolvedMenu | undefined {
  const menu = set.menus.get(location.menu);
  if (!menu) return undefined;
  let title = menu.title;
  let items: MenuNode[] | undefined = menu.items;
  for (const index of location.path) {
    const node: MenuNode | undefined = items?.[index];
    if (!node?.items) return undefined;
    title = node.title ?? node.label;
    items = node.items;
  }
  return { menu, title, items };
}

/** A title line, one "n. label" line per choice, then the instruction line; an optional note goes first. */
export function renderMenu(resolved: Pick<ResolvedMenu, 'title' | 'items'>, note?: string): string {
  const lines = resolved.items.map((item, i) => `${i + 1}. ${item.label}`);
  return [...(note ? [note, ''] : []), resolved.title, ...lines, MENU_FOOTER].join('\n');
}

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const BACK_WORDS = new Set(['返回', '上一级', '返回上一级']);
const LEAVE_WORDS = new Set(['退出', '退出菜单', '离开', '取消']);

export type MenuInput = { kind: 'choice'; n: number; shown: string } | { kind: 'back' } | { kind: 'leave' };

/**
 * What a citizen's reply means inside a menu. Only short numbers and the
 * back/leave words count: any other text goes on to keywords and search.
 * `text` is the normalised text (NFKC folds full-width ２ to 2).
 */
export function parseMenuInput(text: string | undefined): MenuInput | undefined {
  if (text === undefined) return undefined;
  if (LEAVE_WORDS.has(text)) return { kind: 'leave' };
  if (BACK_WORDS.has(text)) return { kind: 'back' };
  const n = /^\d{1,2}$/.test(text) ? Number(text) : CHINESE_DIGITS[text];
  if (n === undefined) return undefined;
  return n === 0 ? { kind: 'back' } : { kind: 'choice', n, shown: text };
}

const TRIGGERS = new Set(['菜单', '帮助', '主菜单', '0']);

/** 菜单, 帮助, ? / ？ (normalisation strips a lone "?" as trailing punctuation, so the raw text is checked) or 0. */
export function isMenuTrigger(text: string | undefined, rawText: string | undefined): boolean {
  if (text !== undefined && TRIGGERS.has(text)) return true;
  return rawText !== undefined && /^[?？]+$/u.test(rawText.normalize('NFKC').trim());
}
