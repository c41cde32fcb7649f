import { actionProblem, MENU_CODE_PATTERN, menuCodeOf } from './menus.actions.js';
import type { Issue, MenuNode, NumberedMenuInput } from './menus.types.js';

/** One digit selects: 1–9, and 0 is "back". */
export const MAX_CHOICES = 9;
/** Levels below the title (main → 办事指南 → 更多事项 → …); deeper trees lose elderly readers. */
export const MAX_DEPTH = 4;
export const LABEL_MAX_CHARS = 30;
export const TITLE_MAX_CHARS = 40;

const NODE_FIELDS = new Set(['label', 'code', 'title', 'action', 'items']);
const chars = (s: string) => [...s].length;

function textProblem(value: unknown, what: string, max: number, required: boolean): string | undefined {
  if (value === undefined || value === null) return required ? `${what}不能为空` : undefined;
  if (typeof value !== 'string') return `${what}必须是文字`;
  if (value.trim() === '') return `${what}不能为空`;
  if (/[\r\n]/.test(value)) return `${what}不能换行`;
  if (chars(value) > max) return `${what}最多${max}个字（当前${chars(value)}个）`;
  return undefined;
}

/** Every code a tree defines (its own and its nodes'), with where each is defined. */
export function codesOf(menu: NumberedMenuInput): Map<string, string> {
  const codes = new Map<string, string>([[menu.code, 'code']]);
  const walk = (items: MenuNode[], at: string) =>
    items.forEach((node, i) => {
      const field = `${at}[${i}]`;
      if (typeof node.code === 'string' && !codes.has(node.code)) codes.set(node.code, `${field}.code`);
      if (Array.isArray(node.items)) walk(node.items, `${field}.items`);
    });
  if (Array.isArray(menu.items)) walk(menu.items, 'items');
  return codes;
}

/** Every `menu:<code>` a tree's actions refer to, with the field that holds it. */
export function menuReferencesOf(menu: NumberedMenuInput): Array<{ code: string; field: string }> {
  const refs: Array<{ code: string; field: string }> = [];
  const walk = (items: MenuNode[], at: string) =>
    items.forEach((node, i) => {
      const code = menuCodeOf(node.action);
      if (code) refs.push({ code, field: `${at}[${i}].action` });
      if (Array.isArray(node.items)) walk(node.items, `${at}[${i}].items`);
    });
  if (Array.isArray(menu.items)) walk(menu.items, 'items');
  return refs;
}

function validateItems(items: unknown, at: string, depth: number, seenCodes: Map<string, string>, issues: Issue[]): void {
  if (!Array.isArray(items) || items.length === 0) {
    issues.push({ field: at, message: '子菜单至少需要1个选项' });
    return;
  }
  if (items.length > MAX_CHOICES) {
    issues.push({ field: at, message: `每级菜单最多${MAX_CHOICES}个选项（回复一位数字选择），当前${items.length}个` });
  }
  if (depth > MAX_DEPTH) {
    issues.push({ field: at, message: `菜单最多${MAX_DEPTH}层，请减少层级` });
    return;
  }
  items.forEach((raw: unknown, i) => {
    const field = `${at}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      issues.push({ field, message: '选项必须是对象' });
      return;
    }
    const node = raw as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      if (!NODE_FIELDS.has(key)) issues.push({ field: `${field}.${key}`, message: `不支持的字段“${key}”` });
    }
    const label = textProblem(node.label, '选项名称', LABEL_MAX_CHARS, true);
    if (label) issues.push({ field: `${field}.label`, message: label });
    const title = textProblem(node.title, '子菜单标题', TITLE_MAX_CHARS, false);
    if (title) issues.push({ field: `${field}.title`, message: title });
    if (node.code !== undefined) {
      if (typeof node.code !== 'string' || !MENU_CODE_PATTERN.test(node.code)) {
        issues.push({ field: `${field}.code`, message: '代码只能用小写字母、数字、-、_，最长32位，且以字母或数字开头' });
      } else if (seenCodes.has(node.code)) {
        issues.push({ field: `${field}.code`, message: `代码“${node.code}”已被 ${seenCodes.get(node.code)} 使用` });
      } else {
        seenCodes.set(node.code, `${field}.code`);
      }
    }
    const hasItems = node.items !== undefined;
    const hasAction = node.action !== undefined;
    if (hasItems === hasAction) {
      issues.push({ field, message: '每个选项要么设置动作（action），要么设置子菜单（items），二者选一' });
    } else if (hasAction) {
      if (node.code !== undefined) issues.push({ field: `${field}.code`, message: '只有子菜单可以设置代码；动作选项请去掉 code' });
      const problem = typeof node.action === 'string' ? actionProblem(node.action) : '动作必须是文字';
      if (problem) issues.push({ field: `${field}.action`, message: problem });
    } else {
      validateItems(node.items, `${field}.items`, depth + 1, seenCodes, issues);
    }
  });
}

/** Checks a tree on its own (shape, limits, action grammar); cross-menu references are the service's job. */
export function validateNumberedMenu(input: NumberedMenuInput): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  if (typeof input.code !== 'string' || !MENU_CODE_PATTERN.test(input.code)) {
    issues.push({ field: 'code', message: '代码只能用小写字母、数字、-、_，最长32位，且以字母或数字开头' });
  } else {
    seen.set(input.code, 'code');
  }
  const title = textProblem(input.title, '菜单标题', TITLE_MAX_CHARS, true);
  if (title) issues.push({ field: 'title', message: title });
  validateItems(input.items, 'items', 1, seen, issues);
  return issues;
}
