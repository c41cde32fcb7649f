import type { Logger } from 'pino';
import { AppError, notFound } from '../../lib/errors.js';
import type { FeatureContext } from '../feature.js';
import { canonicalMenu, clickKeysOf, validateCustomMenu } from './custom-menu.validate.js';
import { parseAction } from './menus.actions.js';
import { newlyDangling } from './menus.references.js';
import type { CustomMenuRow, MenuQueries, MenuRepository } from './menus.repository.js';
import { MenuValidationError, type Issue, type StoredCustomMenu, type WechatMenu } from './menus.types.js';

type WechatApi = ReturnType<FeatureContext['wechatFor']>;

interface Deps {
  repo: MenuRepository;
  wechatFor: FeatureContext['wechatFor'];
  account: FeatureContext['account'];
  log: Logger;
}

/** The outbound client's error (src/wechat/outbound.ts WechatApiError), recognised by shape. */
function wechatCode(err: unknown): number | undefined {
  const e = err as { name?: unknown; code?: unknown } | null;
  return e?.name === 'WechatApiError' && typeof e.code === 'number' ? e.code : undefined;
}

export interface RemoteMenu {
  /** The live menu's buttons, ready to PUT (null when the account has none). */
  menu: WechatMenu | null;
  conditionalmenu: unknown[];
  /** Problems that would stop this menu from being stored as it is. */
  issues: Issue[];
}

/** Codes of menu/create errors about the menu itself: the operator must change the menu (400), not retry. */
const MENU_ERRORS: Record<number, string> = {
  40016: '一级菜单个数不合法',
  40017: '按钮类型不合法',
  40018: '一级菜单名称长度不合法',
  40019: '按钮 key 长度不合法',
  40020: '按钮网址长度不合法',
  40023: '子菜单个数不合法',
  40024: '子菜单类型不合法',
  40025: '子菜单名称长度不合法',
  40026: '子菜单 key 长度不合法',
  40027: '子菜单网址长度不合法',
  40054: '子菜单网址域名不合法',
  40055: '菜单网址域名不合法',
  40155: '请勿添加其他公众号的主页链接',
  45064: '没有在菜单中使用小程序的权限（需认证并关联小程序）',
  47001: '菜单数据格式错误',
  65316: '菜单中的外部网址域名超过3个',
};
const OTHER_ERRORS: Record<number, string> = {
  [-1]: '微信系统繁忙，请稍后再试',
  40001: 'access_token 无效（请核对 AppSecret）',
  40164: '服务器 IP 不在公众号的 IP 白名单中',
  45009: '今日接口调用次数已用完',
  48001: '公众号没有自定义菜单接口权限',
};

/** A WeChat refusal as an admin error naming the code; anything else is rethrown. */
function wechatFailure(action: string, err: unknown): AppError {
  const code = wechatCode(err);
  if (code === undefined) throw err;
  // -2 is the client's own code for "no answer from WeChat" (src/wechat/outbound.ts UNREACHABLE).
  if (code === -2) return new AppError(502, 'WECHAT_UNREACHABLE', `${action}失败：无法连接微信服务器（网络不通、超时或域名无法解析），请稍后再试`);
  const known = MENU_ERRORS[code];
  const meaning = known ?? OTHER_ERRORS[code] ?? '未知错误';
  const message = `${action}失败：微信返回错误码 ${code}（${meaning}）。${(err as Error).message}`;
  return known ? new AppError(400, 'WECHAT_REJECTED', message, 'button') : new AppError(502, 'WECHAT_ERROR', message);
}

function toStored(row: CustomMenuRow): StoredCustomMenu {
  return {
    button: row.menu.button,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    publishedBy: row.publishedBy,
    unpublishedChanges: JSON.stringify(row.menu) !== JSON.stringify(row.publishedMenu),
  };
}

/** CLICK keys naming a guide (`guide:<code>`) or an appointment service (`appointment:<code>`) the account lacks: a citizen would tap into 未找到. */
async function missingContentIssues(q: MenuQueries, accountId: string, menu: WechatMenu): Promise<Issue[]> {
  const targets = clickKeysOf(menu).map(({ key, field }) => ({ field, ...parseAction(key) }));
  const guides = targets.filter((t) => t.scheme === 'guide' && t.argument);
  const services = targets.filter((t) => t.scheme === 'appointment' && t.argument);
  if (guides.length === 0 && services.length === 0) return [];
  const missing = await q.missingTargets(accountId, guides.map((t) => t.argument), services.map((t) => t.argument));
  return [
    ...guides.filter((t) => missing.guides.includes(t.argument)).map((t) => ({ field: t.field, message: `办事指南“${t.argument}”不存在，请先创建该指南或改选其他动作` })),
    ...services.filter((t) => missing.services.includes(t.argument)).map((t) => ({ field: t.field, message: `预约事项“${t.argument}”不存在，请先创建该预约事项或改选其他动作` })),
  ];
}

/** The custom menu (自定义菜单): validated against the platform limits, stored, published, read back. */
export class CustomMenuService {
  constructor(private readonly deps: Deps) {}

  async get(accountId: string): Promise<StoredCustomMenu | undefined> {
    const row = await this.deps.repo.getCustomMenu(accountId);
    return row && toStored(row);
  }

  /** Validates everything before anything is stored; returns the menu as stored. */
  async put(accountId: string, body: unknown, actor: string): Promise<StoredCustomMenu> {
    const issues = validateCustomMenu(body);
    if (issues.length > 0) throw new MenuValidationError(issues);
    const menu = canonicalMenu(body as WechatMenu);
    await this.deps.repo.locked(accountId, async (q) => {
      const menus = await q.listMenus(accountId);
      const before = (await q.getCustomMenu(accountId))?.menu;
      const broken = newlyDangling({ menus, custom: before }, { menus, custom: menu });
      if (broken.length > 0) throw new MenuValidationError(broken.map((d) => ({ field: d.field, message: `编号菜单代码“${d.code}”不存在，请先在编号菜单中创建` })));
      const missing = await missingContentIssues(q, accountId, menu);
      if (missing.length > 0) throw new MenuValidationError(missing);
      await q.putCustomMenu(accountId, menu, actor);
    });
    return (await this.get(accountId))!;
  }

  /** Sends the stored menu to WeChat (menu/create replaces the whole live menu). */
  async publish(accountId: string, actor: string): Promise<{ menu: WechatMenu; publishedAt: string }> {
    const row = await this.deps.repo.getCustomMenu(accountId);
    if (!row) throw notFound('custom menu (PUT /admin/api/menu first)');
    const api = await this.api(accountId);
    try {
      await api.createMenu(row.menu);
    } catch (err) {
      throw wechatFailure('发布菜单', err);
    }
    await this.deps.repo.markPublished(accountId, row.menu, actor);
    const published = await this.deps.repo.getCustomMenu(accountId);
    this.deps.log.info({ accountId, actor }, 'custom menu published');
    return { menu: row.menu, publishedAt: published!.publishedAt!.toISOString() };
  }

  /** The live menu from menu/get, for import. */
  async remote(accountId: string): Promise<RemoteMenu> {
    const api = await this.api(accountId);
    let live: { menu?: { button?: unknown }; conditionalmenu?: unknown[] };
    try {
      live = ((await api.getMenu()) ?? {}) as typeof live;
    } catch (err) {
      // 46003: the account has no menu at all.
      if (wechatCode(err) === 46003) return { menu: null, conditionalmenu: [], issues: [] };
      throw wechatFailure('读取线上菜单', err);
    }
    const menu = live.menu && Array.isArray(live.menu.button) ? { button: live.menu.button as WechatMenu['button'] } : null;
    return { menu, conditionalmenu: live.conditionalmenu ?? [], issues: menu ? validateCustomMenu(menu) : [] };
  }

  /** Stores the live menu as the account's menu (the same checks as PUT). */
  async importRemote(accountId: string, actor: string): Promise<StoredCustomMenu> {
    const { menu } = await this.remote(accountId);
    if (!menu) throw notFound('live custom menu');
    return this.put(accountId, menu, actor);
  }

  private async api(accountId: string): Promise<WechatApi> {
    const account = await this.deps.account(accountId);
    if (!account) throw notFound(`account "${accountId}"`);
    return this.deps.wechatFor(account);
  }
}
