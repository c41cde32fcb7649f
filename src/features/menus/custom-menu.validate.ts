import { actionProblem } from './menus.actions.js';
import type { Issue, WechatButton, WechatMenu } from './menus.types.js';

/**
 * Platform limits of menu/create (wechat-protocol.md §10, api_createcustommenu):
 * 1–3 buttons, 1–5 sub-buttons each, names ≤16 bytes (top) / ≤60 bytes (sub),
 * key ≤128 bytes, url ≤1024 bytes; a button with sub-buttons has no type.
 * Checked here so an operator sees the problem before WeChat answers 40016–40027.
 */
export const LIMITS = { buttons: 3, subButtons: 5, topNameBytes: 16, subNameBytes: 60, keyBytes: 128, urlBytes: 1024 } as const;

/** Each type and the fields it requires. */
const TYPE_FIELDS: Record<string, Array<keyof WechatButton>> = {
  click: ['key'],
  view: ['url'],
  scancode_push: ['key'],
  scancode_waitmsg: ['key'],
  pic_sysphoto: ['key'],
  pic_photo_or_album: ['key'],
  pic_weixin: ['key'],
  location_select: ['key'],
  media_id: ['media_id'],
  view_limited: ['media_id'],
  article_id: ['article_id'],
  article_view_limited: ['article_id'],
  miniprogram: ['url', 'appid', 'pagepath'],
};
export const BUTTON_TYPES = Object.keys(TYPE_FIELDS);
const BUTTON_FIELDS = new Set(['type', 'name', 'key', 'url', 'media_id', 'article_id', 'appid', 'pagepath', 'sub_button']);
/** Read-only fields GET returns next to `button`; accepted (and ignored) so a GET body can be PUT back. */
export const READ_ONLY_MENU_FIELDS = new Set(['updatedAt', 'updatedBy', 'publishedAt', 'publishedBy', 'unpublishedChanges']);

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function checkText(issues: Issue[], field: string, value: unknown, what: string, maxBytes: number): void {
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push({ field, message: `${what}不能为空` });
  } else if (bytes(value) > maxBytes) {
    issues.push({ field, message: `${what}最长${maxBytes}字节（约${Math.floor(maxBytes / 3)}个汉字），当前${bytes(value)}字节` });
  }
}

function checkLeaf(issues: Issue[], at: string, button: Record<string, unknown>): void {
  const type = button.type;
  if (typeof type !== 'string' || !(type in TYPE_FIELDS)) {
    issues.push({ field: `${at}.type`, message: type === undefined ? '没有子菜单的按钮必须设置 type' : `不支持的按钮类型“${String(type)}”；可用：${BUTTON_TYPES.join('、')}` });
    return;
  }
  for (const name of TYPE_FIELDS[type]!) {
    const field = `${at}.${name}`;
    const value = button[name];
    if (name === 'key') {
      checkText(issues, field, value, `${type} 按钮的 key`, LIMITS.keyBytes);
      // CLICK keys are action URIs (a contract): a typo would be a dead button.
      if (type === 'click' && typeof value === 'string' && value.trim() && bytes(value) <= LIMITS.keyBytes) {
        const problem = actionProblem(value);
        if (problem) issues.push({ field, message: problem });
      }
    } else if (name === 'url') {
      checkText(issues, field, value, `${type} 按钮的 url`, LIMITS.urlBytes);
      if (typeof value === 'string' && value.trim() && !/^https?:\/\/[^\s]+$/i.test(value)) {
        issues.push({ field, message: '网址须以 http:// 或 https:// 开头且不含空格' });
      }
    } else {
      checkText(issues, field, value, `${type} 按钮的 ${name}`, 128);
    }
  }
}

function checkButton(issues: Issue[], at: string, raw: unknown, top: boolean): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ field: at, message: '按钮必须是对象' });
    return;
  }
  const button = raw as Record<string, unknown>;
  for (const key of Object.keys(button)) {
    if (!BUTTON_FIELDS.has(key)) issues.push({ field: `${at}.${key}`, message: `不支持的字段“${key}”` });
  }
  checkText(issues, `${at}.name`, button.name, top ? '一级菜单名称' : '子菜单名称', top ? LIMITS.topNameBytes : LIMITS.subNameBytes);
  const subs = button.sub_button;
  // menu/get returns `sub_button: []` on plain buttons; an empty list means "no sub-menu".
  const hasSubs = Array.isArray(subs) && subs.length > 0;
  if (subs !== undefined && !Array.isArray(subs)) {
    issues.push({ field: `${at}.sub_button`, message: 'sub_button 必须是数组' });
    return;
  }
  if (!hasSubs) return checkLeaf(issues, at, button);
  if (!top) {
    issues.push({ field: `${at}.sub_button`, message: '子菜单下不能再有子菜单（最多两级）' });
    return;
  }
  if (button.type !== undefined) issues.push({ field: `${at}.type`, message: '含子菜单的按钮不能设置 type' });
  if (subs.length > LIMITS.subButtons) {
    issues.push({ field: `${at}.sub_button`, message: `每个一级菜单最多${LIMITS.subButtons}个子菜单，当前${subs.length}个` });
  }
  subs.forEach((sub: unknown, j) => checkButton(issues, `${at}.sub_button[${j}]`, sub, false));
}

/** All problems of a menu, each naming the button (`button[1].sub_button[2].name`). */
export function validateCustomMenu(menu: unknown): Issue[] {
  const issues: Issue[] = [];
  if (typeof menu !== 'object' || menu === null || Array.isArray(menu)) return [{ field: 'button', message: '菜单必须是 { "button": [...] } 形式' }];
  for (const key of Object.keys(menu)) {
    if (key !== 'button' && !READ_ONLY_MENU_FIELDS.has(key)) issues.push({ field: key, message: `不支持的字段“${key}”（个性化菜单请另行配置）` });
  }
  const buttons = (menu as { button?: unknown }).button;
  if (!Array.isArray(buttons) || buttons.length === 0) {
    issues.push({ field: 'button', message: `至少需要1个一级菜单（最多${LIMITS.buttons}个）` });
    return issues;
  }
  if (buttons.length > LIMITS.buttons) issues.push({ field: 'button', message: `一级菜单最多${LIMITS.buttons}个，当前${buttons.length}个` });
  buttons.forEach((button: unknown, i) => checkButton(issues, `button[${i}]`, button, true));
  return issues;
}

/** The menu as stored and published: known fields only, no empty `sub_button`. Call after validation. */
export function canonicalMenu(menu: WechatMenu): WechatMenu {
  const clean = (button: WechatButton, top: boolean): WechatButton => {
    if (top && button.sub_button?.length) return { name: button.name, sub_button: button.sub_button.map((b) => clean(b, false)) };
    const out: WechatButton = { type: button.type, name: button.name };
    for (const field of TYPE_FIELDS[button.type!] ?? []) (out as unknown as Record<string, unknown>)[field] = button[field];
    return out;
  };
  return { button: menu.button.map((b) => clean(b, true)) };
}

/** Every CLICK key, with the field that holds it. */
export function clickKeysOf(menu: WechatMenu): Array<{ key: string; field: string }> {
  const keys: Array<{ key: string; field: string }> = [];
  menu.button.forEach((button, i) => {
    const visit = (b: WechatButton, field: string) => {
      if (b.type === 'click' && b.key) keys.push({ key: b.key, field: `${field}.key` });
    };
    visit(button, `button[${i}]`);
    button.sub_button?.forEach((sub, j) => visit(sub, `button[${i}].sub_button[${j}]`));
  });
  return keys;
}
