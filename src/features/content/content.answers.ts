import type { Reply } from '../../wechat/types.js';
import { guideReply, HOTLINE_HINT, newsReply, placeText } from './content.replies.js';
import type { SearchHit } from './content.types.js';
import type { H5Urls } from './content.urls.js';
import type { GuideRepository } from './guides.repository.js';
import type { NewsRepository } from './news.repository.js';
import type { PlaceRepository } from './places.repository.js';

const text = (content: string): Reply => ({ type: 'text', content });

/** The replies for one piece of published content, shared by menu keys and search. */
export class ContentAnswers {
  constructor(
    private readonly news: NewsRepository,
    private readonly guides: GuideRepository,
    private readonly places: PlaceRepository,
    private readonly urls: H5Urls,
    /** Published answers (公开答复) found by search: answered by the search service. */
    private readonly openAnswer?: (accountId: string, hit: Pick<SearchHit, 'kind' | 'id'>) => Promise<Reply | undefined>,
  ) {}

  /** `news:<category>`: the newest item, whose page links to the category list. */
  async latestNews(accountId: string, category: string): Promise<Reply> {
    const news = await this.news.latest(accountId, category || null);
    if (!news) return text(`“${category}”栏目暂无已发布的信息。${HOTLINE_HINT}`);
    return newsReply(news, this.urls.news(accountId, news.id));
  }

  /** `guide:<code>` */
  async guideByCode(accountId: string, code: string): Promise<Reply> {
    const guide = code ? await this.guides.visibleByCode(accountId, code) : undefined;
    if (!guide) return text(`抱歉，未找到该办事指南，可能已调整或下线。您可以直接发送事项名称查询，${HOTLINE_HINT}`);
    return guideReply(guide, this.urls.guide(accountId, guide.id));
  }

  /** A search result, if still published. */
  async open(accountId: string, hit: Pick<SearchHit, 'kind' | 'id'>, footer?: string): Promise<Reply | undefined> {
    return (await this.opened(accountId, hit, footer))?.reply;
  }

  /** A search result and, for a guide linked to an appointment service, that service's code. */
  async opened(accountId: string, hit: Pick<SearchHit, 'kind' | 'id'>, footer?: string): Promise<{ reply: Reply; appointment?: string } | undefined> {
    if (hit.kind === 'guide') {
      const guide = await this.guides.visible(accountId, hit.id);
      if (!guide) return undefined;
      const reply = guideReply(guide, this.urls.guide(accountId, guide.id), footer);
      return guide.appointment ? { reply, appointment: guide.appointment } : { reply };
    }
    const reply = await this.openOther(accountId, hit, footer);
    return reply && { reply };
  }

  private async openOther(accountId: string, hit: Pick<SearchHit, 'kind' | 'id'>, footer?: string): Promise<Reply | undefined> {
    switch (hit.kind) {
      case 'guide':
        return undefined;
      case 'answer':
        return this.openAnswer?.(accountId, hit);
      case 'news': {
        const news = await this.news.visible(accountId, hit.id);
        return news && newsReply(news, this.urls.news(accountId, news.id));
      }
      case 'place': {
        const place = await this.places.visible(accountId, hit.id);
        return place && placeText(place, footer);
      }
    }
  }
}
