/** Shapes of the console routes (see the OpenAPI document); kept here until their response schemas are generated. */

export interface Article {
  title: string;
  description?: string;
  url?: string;
  picUrl?: string;
}

export type SimReply =
  | { type: 'text'; content: string }
  | { type: 'news'; articles?: Article[]; article?: Article }
  | { type: 'image'; mediaId: string }
  | { type: string; [key: string]: unknown };

export interface SimulateResult {
  replies: SimReply[];
  rule: string | null;
  openId?: string;
}

export interface MessageItem {
  id: number;
  direction: 'in' | 'out';
  kind: string;
  text: string | null;
  openId: string;
  citizen: string;
  rule: string | null;
  reply: string | null;
  replies?: SimReply[];
  attention: boolean;
  handled: null | { how: 'replied' | 'dismissed'; by: string; at: string };
  test?: boolean;
  operator: null | { id: number | null; name: string };
  createdAt: string;
}

export interface MessagePage {
  items: MessageItem[];
  nextBefore: number | null;
}

export interface Thread {
  citizen: string;
  openId: string;
  windowOpen: boolean;
  windowClosedReason: string | null;
  items: MessageItem[];
}

export interface Dashboard {
  today: { messages: number; byRule: number; bySearch: number; byNothing: number; unmatched: number };
  tickets: { open: number; overdue: number };
  bookingsToday: number;
  topKeywords: Array<{ ruleId?: number; name?: string; rule: string; count: number }>;
  topUnmatched: Array<{ query: string; count: number; resolved?: boolean }>;
}

export interface DayCount {
  date: string;
  total: number;
  byRule: number;
  bySearch: number;
  byNothing: number;
}

export interface MenuButton {
  name: string;
  type?: string;
  key?: string;
  url?: string;
  sub_button?: MenuButton[];
}

export interface UnmatchedItem {
  query: string;
  count: number;
  lastAt: string;
  resolved: boolean;
}

const FAMILIES: Record<string, string> = {
  keyword: '关键词回复',
  keywords: '关键词回复',
  'auto-reply': '自动回复',
  content: '内容',
  search: '搜索',
  menus: '菜单',
  appointments: '预约',
  tickets: '留言办理',
  intents: '意图识别',
  fallback: '兜底回复',
};

const NAMES: Record<string, string> = {
  'auto-reply:subscribe': '被关注回复',
  'default-reply': '收到消息回复（兜底）',
  'fallback:default-reply': '收到消息回复（兜底）',
  'fallback:none': '未匹配任何规则',
  none: '未匹配任何规则',
  'search:none': '搜索无结果',
  'content:search': '搜索（指南、资讯）',
  'content:location': '附近网点（位置）',
  'content:news-action': '资讯',
  'content:guide-action': '办事指南',
  'menus:key': '菜单点击',
  'appointments:start': '预约办理',
  'tickets:flow': '留言办理',
  'tickets:mine': '我的诉求',
  'appointments:mine': '我的预约',
};

/**
 * The rule or feature that answered, in words: "keyword:12" → 关键词回复「居住证办理」 (names from the rule list),
 * "content:search" → 搜索（指南、资讯）, other "family:step" names → 功能「family:step」.
 */
export function describeRule(rule: string | null | undefined, keywordNames?: Map<string, string>): string {
  if (!rule) return '未匹配任何规则';
  if (NAMES[rule]) return NAMES[rule];
  if (rule.startsWith('fallback:')) return `兜底：${describeRule(rule.slice('fallback:'.length), keywordNames)}`;
  const [family = '', ...rest] = rule.split(':');
  const detail = rest.join(':');
  if (family === 'keyword') return `关键词回复「${keywordNames?.get(detail) ?? detail}」`;
  const label = FAMILIES[family];
  if (!label) return rule;
  return detail ? `${label}（${detail}）` : label;
}
