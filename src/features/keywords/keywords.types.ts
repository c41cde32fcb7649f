import type { Keyword } from '../../router/types.js';
import type { Reply } from '../../wechat/types.js';

/** A reply as operators configure it (admin API shape). */
export type ReplySpec =
  | { type: 'text'; content: string }
  | { type: 'news'; title: string; description?: string; url: string; picUrl?: string }
  | { type: 'image'; mediaId: string };

export interface KeywordRuleInput {
  name: string;
  keywords: Keyword[];
  replies: ReplySpec[];
  replyMode: 'random' | 'all';
  priority?: number;
  enabled?: boolean;
  activeFrom?: string | null;
  activeTo?: string | null;
}

export interface KeywordRule extends Required<Omit<KeywordRuleInput, 'activeFrom' | 'activeTo'>> {
  id: number;
  accountId: string;
  activeFrom: string | null;
  activeTo: string | null;
  hits: number;
  createdAt: string;
  updatedAt: string;
}

export type AutoReplyKind = 'subscribe' | 'default';

export function toReply(spec: ReplySpec): Reply {
  switch (spec.type) {
    case 'text':
      return { type: 'text', content: spec.content };
    case 'image':
      return { type: 'image', mediaId: spec.mediaId };
    case 'news':
      return { type: 'news', article: { title: spec.title, description: spec.description, url: spec.url, picUrl: spec.picUrl } };
  }
}
