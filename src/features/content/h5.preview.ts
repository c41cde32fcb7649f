import type { News, NewsInput } from './content.types.js';
import { H5Urls } from './content.urls.js';
import { newsPage, type PageLinks } from './h5.pages.js';

/** Links as the public pages draw them (relative to the site), for one account. */
export function pageLinks(accountId: string): PageLinks {
  const relative = new H5Urls('');
  return {
    home: relative.home(accountId),
    guide: (id) => relative.guide(accountId, id),
    news: (id) => relative.news(accountId, id),
    category: (name) => relative.category(accountId, name),
    search: (q) => relative.search(accountId, q),
  };
}

/**
 * A news item, saved or not, drafts included, rendered by the same function as the public
 * H5 page: what the operator previews is exactly what citizens will see once it is published.
 */
export function newsPreview(accountId: string, input: NewsInput, now = new Date()): string {
  const item: News = {
    id: 0,
    accountId,
    title: input.title,
    summary: input.summary,
    body: input.body,
    category: input.category,
    coverUrl: input.coverUrl ?? null,
    url: input.url ?? null,
    publishedAt: input.publishedAt ?? now.toISOString(),
    status: input.status ?? 'draft',
    pinned: input.pinned ?? false,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  return newsPage(item, pageLinks(accountId));
}
