import { DEFAULT_ACCOUNT_ID } from '../../wechat/account.js';
import type { MassMessage, WechatApi } from '../../wechat/outbound.js';
import type { BroadcastMessage } from './reach.types.js';

export interface NewsCard {
  id: number;
  title: string;
  summary: string;
}

/** The H5 page of a news item (the default account's at the bare path, others with `?a=`). */
export function newsUrl(base: string, accountId: string, id: number): string {
  const page = `${base.replace(/\/+$/, '')}/h5/news/${id}`;
  return accountId === DEFAULT_ACCOUNT_ID ? page : `${page}?a=${encodeURIComponent(accountId)}`;
}

/**
 * 群发 has no external-link card type (wechat-reach.md §1.5: text, mpnews, voice, image,
 * mpvideo, wxcard), so a news item of the product goes as a text whose link opens its page.
 */
export function newsText(card: NewsCard, url: string): string {
  const summary = card.summary ? `\n${card.summary}` : '';
  return `【${card.title}】${summary}\n<a href="${url}">点击查看全文</a>`;
}

export interface MessageSources {
  api: WechatApi;
  news(id: number): Promise<NewsCard | undefined>;
  newsUrl(id: number): string;
}

/** The sendall/preview body of what the operator composed; mpnews makes a draft first (§1.9). */
export async function massMessageOf(message: BroadcastMessage, sources: MessageSources): Promise<MassMessage> {
  switch (message.type) {
    case 'text':
      return { msgtype: 'text', text: { content: message.content } };
    case 'image':
      return { msgtype: 'image', images: { media_ids: [message.mediaId], recommend: '', need_open_comment: 0, only_fans_can_comment: 0 } };
    case 'news': {
      const card = await sources.news(message.newsId);
      if (!card) throw new Error(`news item ${message.newsId} not found`);
      return { msgtype: 'text', text: { content: newsText(card, sources.newsUrl(card.id)) } };
    }
    case 'mpnews': {
      const mediaId = await sources.api.addDraft([{ title: message.title, content: message.content, thumbMediaId: message.thumbMediaId, digest: message.digest }]);
      return { msgtype: 'mpnews', mpnews: { media_id: mediaId }, send_ignore_reprint: 0 };
    }
  }
}
