import { call, qs } from './client.js';
import type { MessageItem, MessagePage, Thread } from './types.js';

export interface InboxFilter {
  attention?: boolean;
  q?: string;
  citizen?: string;
  from?: string;
  to?: string;
  before?: number;
}

export const messageApi = {
  list: (f: InboxFilter) =>
    call<MessagePage>('GET', `/admin/api/messages${qs({ attention: f.attention ? true : undefined, q: f.q, citizen: f.citizen, from: f.from, to: f.to, before: f.before, limit: 50 })}`),
  thread: (citizen: string) => call<Thread>('GET', `/admin/api/messages/threads/${encodeURIComponent(citizen)}`),
  reply: (id: number, text: string) => call<{ item: MessageItem }>('POST', `/admin/api/messages/${id}/reply`, { text }),
  dismiss: (id: number) => call<{ item: MessageItem }>('POST', `/admin/api/messages/${id}/dismiss`, {}),
};

const KINDS: Record<string, string> = {
  text: '文字',
  voice: '语音',
  image: '图片',
  location: '位置',
  link: '链接',
  video: '视频',
  'event:click': '菜单点击',
  'event:subscribe': '关注',
  'event:unsubscribe': '取消关注',
};

export const kindName = (kind: string) => KINDS[kind] ?? kind;
