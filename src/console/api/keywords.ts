import { ref, type Ref } from 'vue';
import { api, unwrap } from './client.js';
import type { paths } from './schema.js';

export type KeywordRuleInput = paths['/admin/api/keyword-rules']['post']['requestBody']['content']['application/json'];
export type MatchType = 'exact' | 'contains' | 'regex';

export type ReplySpec =
  | { type: 'text'; content: string }
  | { type: 'news'; title: string; description?: string; url: string; picUrl?: string }
  | { type: 'image'; mediaId: string };

export interface KeywordRule {
  id: number;
  name: string;
  keywords: Array<{ text: string; match: MatchType }>;
  replies: ReplySpec[];
  replyMode: 'random' | 'all';
  priority: number;
  enabled: boolean;
  activeFrom: string | null;
  activeTo: string | null;
  hits: number;
  updatedAt: string;
}

export type AutoReplyKind = 'subscribe' | 'default';

export const keywordApi = {
  list: () => unwrap<{ items: KeywordRule[] }>(api.GET('/admin/api/keyword-rules')),
  create: (body: KeywordRuleInput) => unwrap<KeywordRule>(api.POST('/admin/api/keyword-rules', { body })),
  update: (id: number, body: KeywordRuleInput) =>
    unwrap<KeywordRule>(api.PUT('/admin/api/keyword-rules/{id}', { params: { path: { id } }, body })),
  remove: (id: number) => unwrap<void>(api.DELETE('/admin/api/keyword-rules/{id}', { params: { path: { id } } })),
  getAuto: (kind: AutoReplyKind) =>
    unwrap<{ replies: ReplySpec[] }>(kind === 'subscribe' ? api.GET('/admin/api/auto-replies/subscribe') : api.GET('/admin/api/auto-replies/default')),
  setAuto: (kind: AutoReplyKind, replies: ReplySpec[]) =>
    unwrap<{ replies: ReplySpec[] }>(
      kind === 'subscribe'
        ? api.PUT('/admin/api/auto-replies/subscribe', { body: { replies } as never })
        : api.PUT('/admin/api/auto-replies/default', { body: { replies } as never }),
    ),
};

/** Rule id → name, so "keyword:12" reads as the rule's name wherever a reply's origin is shown. */
export function useRuleNames(): Ref<Map<string, string>> {
  const names = ref(new Map<string, string>());
  keywordApi
    .list()
    .then((list) => (names.value = new Map(list.items.map((r) => [String(r.id), r.name]))))
    .catch(() => undefined);
  return names;
}
