/**
 * The action-URI contract shared by custom-menu CLICK keys and numbered-menu
 * nodes. Checking the grammar here catches an operator's typo before a citizen
 * taps a dead button; which feature answers is the router's business.
 */

export const MENU_CODE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const TICKET_CATEGORIES = ['咨询', '求助', '投诉', '建议', '举报', '应急'] as const;
/** A CLICK key is at most 128 bytes; node actions keep the same limit so any action can be a key. */
export const ACTION_MAX_BYTES = 128;

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** Schemes taking a free-text argument, with what the argument means (for messages). */
const FREE_ARGUMENT: Record<string, string> = {
  news: '资讯栏目',
  guide: '事项编码',
  search: '搜索词',
  places: '场所类型',
  keyword: '关键词',
};

export type ParsedAction = { scheme: string; argument: string };

/** Returns the reason an action URI is not valid, or undefined when it is. */
export function actionProblem(action: string): string | undefined {
  if (typeof action !== 'string' || action.trim() === '') return '动作不能为空';
  if (action !== action.trim()) return '动作前后不能有空格';
  if (/[\r\n\t]/.test(action)) return '动作不能包含换行或制表符';
  if (byteLength(action) > ACTION_MAX_BYTES) return `动作最长${ACTION_MAX_BYTES}字节（当前${byteLength(action)}字节）`;
  const { scheme, argument } = parseAction(action);
  if (scheme in FREE_ARGUMENT) return argument ? undefined : `“${scheme}:”后需要填写${FREE_ARGUMENT[scheme]}`;
  switch (scheme) {
    case 'menu':
      return MENU_CODE_PATTERN.test(argument) ? undefined : '“menu:”后需要填写编号菜单的代码（小写字母、数字、-、_）';
    case 'appointment':
      return action === 'appointment' || argument ? undefined : '“appointment:”后需要填写预约事项编码';
    case 'ticket':
      return (TICKET_CATEGORIES as readonly string[]).includes(argument)
        ? undefined
        : `诉求类别须为：${TICKET_CATEGORIES.join('、')}`;
    case 'tickets':
      return argument === 'mine' ? undefined : '仅支持“tickets:mine”（我的诉求）';
    default:
      return `未知的动作“${action}”；可用：news:、guide:、search:、places:、menu:、keyword:、appointment、ticket:、tickets:mine`;
  }
}

export function parseAction(action: string): ParsedAction {
  const colon = action.indexOf(':');
  return colon < 0 ? { scheme: action, argument: '' } : { scheme: action.slice(0, colon), argument: action.slice(colon + 1) };
}

/** The numbered-menu code an action opens, if it is `menu:<code>`. */
export function menuCodeOf(action: string | undefined): string | undefined {
  if (!action) return undefined;
  const { scheme, argument } = parseAction(action);
  return scheme === 'menu' ? argument : undefined;
}
