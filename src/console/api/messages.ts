import { api, unwrap } from './client.js';
import type { MessageItem, MessagePage, Thread } from './types.js';

export interface InboxFilter {
  attention?: boolean;
  q?: string;
  citizen?: string;
  from?: string;
  to?: string;
  before?: number;
  /** Include the simulator's test messages. */
  includeTest?: boolean;
}

export const messageApi = {
  list: (f: InboxFilter) =>
    unwrap<MessagePage>(
      api.GET('/admin/api/messages', {
        params: { query: { attention: f.attention ? true : undefined, q: f.q || undefined, citizen: f.citizen || undefined, from: f.from, to: f.to, before: f.before, includeTest: f.includeTest ? true : undefined, limit: 50 } },
      }),
    ),
  thread: (citizen: string) => unwrap<Thread>(api.GET('/admin/api/messages/threads/{citizen}', { params: { path: { citizen } } })),
  reply: (id: number, text: string) => unwrap<{ item: MessageItem }>(api.POST('/admin/api/messages/{id}/reply', { params: { path: { id } }, body: { text } })),
  dismiss: (id: number) => unwrap<{ item: MessageItem }>(api.POST('/admin/api/messages/{id}/dismiss', { params: { path: { id } } })),
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
