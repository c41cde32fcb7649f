import { api, unwrap } from './client.js';

export interface MenuButton {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  sub_button?: MenuButton[];
  [key: string]: unknown;
}

export interface StoredMenu {
  button: MenuButton[];
  updatedAt?: string;
  publishedAt?: string | null;
  publishedBy?: string | null;
  unpublishedChanges?: boolean;
}

export interface MenuNode {
  label: string;
  code?: string;
  action?: string;
  reply?: string;
  items?: MenuNode[];
  [key: string]: unknown;
}

export interface NumberedMenu {
  code: string;
  title: string;
  items: MenuNode[];
  version?: number;
}

export const menuApi = {
  get: () => unwrap<StoredMenu>(api.GET('/admin/api/menu')),
  put: (menu: { button: MenuButton[] }) => unwrap<StoredMenu>(api.PUT('/admin/api/menu', { body: menu as never })),
  publish: () => unwrap<{ published: boolean; publishedAt: string }>(api.POST('/admin/api/menu/publish')),
  remote: () => unwrap<{ menu: { button: MenuButton[] } | null; issues: Array<{ field: string; message: string }> }>(api.GET('/admin/api/menu/remote')),
  numbered: () => unwrap<{ items: NumberedMenu[] }>(api.GET('/admin/api/numbered-menus')),
  getNumbered: (code: string) => unwrap<NumberedMenu>(api.GET('/admin/api/numbered-menus/{code}', { params: { path: { code } } })),
  createNumbered: (menu: NumberedMenu) => unwrap<NumberedMenu>(api.POST('/admin/api/numbered-menus', { body: menu as never })),
  updateNumbered: (code: string, menu: NumberedMenu) =>
    unwrap<NumberedMenu>(api.PUT('/admin/api/numbered-menus/{code}', { params: { path: { code } }, body: menu as never })),
};

/** WeChat's limits for menu/create (the server checks them again): 3 buttons × 5 sub-buttons, names by UTF-8 bytes. */
export const LIMITS = { buttons: 3, subButtons: 5, topNameBytes: 16, subNameBytes: 60, keyBytes: 128, urlBytes: 1024 };

export const bytes = (s: string) => new TextEncoder().encode(s).length;

/** Problems the operator can see while typing, keyed like the API's field paths (button.0.sub_button.1.name). */
export function menuProblems(buttons: MenuButton[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (buttons.length === 0) out.button = '至少需要 1 个菜单';
  if (buttons.length > LIMITS.buttons) out.button = `最多 ${LIMITS.buttons} 个一级菜单`;
  const leaf = (b: MenuButton, at: string) => {
    if (b.type === 'click' && !b.key?.trim()) out[`${at}.key`] = '请选择点击后的动作';
    if (b.type === 'click' && b.key && bytes(b.key) > LIMITS.keyBytes) out[`${at}.key`] = `动作最长 ${LIMITS.keyBytes} 字节`;
    if (b.type === 'view' && !/^https?:\/\/\S+$/.test(b.url ?? '')) out[`${at}.url`] = '请填写 http(s) 网址';
    if (b.type === 'view' && bytes(b.url ?? '') > LIMITS.urlBytes) out[`${at}.url`] = `网址最长 ${LIMITS.urlBytes} 字节`;
  };
  buttons.forEach((b, i) => {
    const at = `button.${i}`;
    if (!b.name.trim()) out[`${at}.name`] = '名称不能为空';
    else if (bytes(b.name) > LIMITS.topNameBytes) out[`${at}.name`] = `一级菜单名称最长 ${LIMITS.topNameBytes} 字节（约 4 个汉字），当前 ${bytes(b.name)}`;
    const subs = b.sub_button ?? [];
    if (subs.length > LIMITS.subButtons) out[`${at}.sub_button`] = `最多 ${LIMITS.subButtons} 个子菜单`;
    if (subs.length === 0) leaf(b, at);
    subs.forEach((s, j) => {
      const sat = `${at}.sub_button.${j}`;
      if (!s.name.trim()) out[`${sat}.name`] = '名称不能为空';
      else if (bytes(s.name) > LIMITS.subNameBytes) out[`${sat}.name`] = `子菜单名称最长 ${LIMITS.subNameBytes} 字节，当前 ${bytes(s.name)}`;
      leaf(s, sat);
    });
  });
  return out;
}

/** What changes between the live menu and the one about to be published, one line per button. */
export function menuDiff(live: MenuButton[] | null | undefined, next: MenuButton[]): string[] {
  const flat = (buttons: MenuButton[]) =>
    new Map(
      buttons.flatMap((b) =>
        b.sub_button?.length ? b.sub_button.map((s) => [`${b.name} › ${s.name}`, s.key ?? s.url ?? ''] as const) : [[b.name, b.key ?? b.url ?? ''] as const],
      ),
    );
  const before = flat(live ?? []);
  const after = flat(next);
  const lines: string[] = [];
  for (const [name, target] of after) {
    if (!before.has(name)) lines.push(`新增：${name}（${target}）`);
    else if (before.get(name) !== target) lines.push(`修改：${name}（${before.get(name)} → ${target}）`);
  }
  for (const [name, target] of before) if (!after.has(name)) lines.push(`删除：${name}（${target}）`);
  return lines;
}
