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
  topKeywords: Array<{ rule: string; count: number }>;
  topUnmatched: Array<{ query: string; count: number }>;
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
  firstSeenAt: string;
  lastSeenAt: string;
}

/** "keyword:社保卡" → "关键词回复「社保卡」": the line under each simulated reply and in the inbox. */
export function describeRule(rule: string | null | undefined): string {
  if (!rule) return '无规则应答';
  const [kind, ...rest] = rule.split(':');
  const name = rest.join(':');
  const labels: Record<string, string> = {
    keyword: '关键词回复',
    search: '搜索',
    fallback: '兜底回复',
    menu: '菜单',
    event: '事件',
    flow: '多轮对话',
    subscribe: '被关注回复',
    location: '位置',
    intent: '意图',
  };
  const fallbackNames: Record<string, string> = { 'default-reply': '收到消息回复', none: '未匹配任何规则' };
  if (kind === 'fallback') return `兜底：${fallbackNames[name] ?? name}`;
  const label = labels[kind ?? ''] ?? kind;
  return name ? `${label}「${name}」` : `${label}`;
}
