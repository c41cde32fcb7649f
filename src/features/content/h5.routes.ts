import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEFAULT_ACCOUNT_ID } from '../../wechat/account.js';
import { cleanText } from './h5.clean.js';
import { accountOfPage, H5Urls } from './content.urls.js';
import type { GuideRepository } from './guides.repository.js';
import { categoryPage, guidePage, newsPage, notFoundPage, searchPage, type PageLinks } from './h5.pages.js';
import type { NewsRepository } from './news.repository.js';
import type { SearchService } from './search.service.js';

interface Deps {
  news: NewsRepository;
  guides: GuideRepository;
  search: SearchService;
}

const CATEGORY_PAGE_SIZE = 20;
const SEARCH_PAGE_LIMIT = 30;
/** Pages carry no script; the policy makes sure none can run even if something slipped through. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'public, max-age=60',
};

type Query = Record<string, unknown>;

const positiveInt = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

/** Public, server-rendered H5 pages for citizens: published content of one account only. */
export async function h5Routes(app: FastifyInstance, { news, guides, search }: Deps): Promise<void> {
  const relative = new H5Urls('');
  const linksFor = (accountId: string): PageLinks => ({
    home: relative.home(accountId),
    account: accountId === DEFAULT_ACCOUNT_ID ? undefined : accountId,
    guide: (id) => relative.guide(accountId, id),
    news: (id) => relative.news(accountId, id),
    category: (name) => relative.category(accountId, name),
    search: (q) => relative.search(accountId, q),
  });
  const send = (reply: FastifyReply, page: string, status = 200) =>
    reply.code(status).headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(page);
  const notFound = (reply: FastifyReply, accountId = DEFAULT_ACCOUNT_ID) => send(reply, notFoundPage(linksFor(accountId).home), 404);

  app.get<{ Params: { id: string }; Querystring: Query }>('/h5/guides/:id', async (request, reply) => {
    const accountId = accountOfPage(request.query.a);
    const id = positiveInt(request.params.id);
    const guide = accountId && id ? await guides.visible(accountId, id) : undefined;
    return guide ? send(reply, guidePage(guide, linksFor(accountId!))) : notFound(reply, accountId);
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/h5/news/:id', async (request, reply) => {
    const accountId = accountOfPage(request.query.a);
    const id = positiveInt(request.params.id);
    const item = accountId && id ? await news.visible(accountId, id) : undefined;
    return item ? send(reply, newsPage(item, linksFor(accountId!))) : notFound(reply, accountId);
  });

  app.get<{ Querystring: Query }>('/h5/news', async (request, reply) => {
    const accountId = accountOfPage(request.query.a);
    const category = cleanText(request.query.category, 20);
    if (!accountId || !category) return notFound(reply, accountId);
    const page = positiveInt(request.query.page) ?? 1;
    const found = await news.listVisible(accountId, category, CATEGORY_PAGE_SIZE, (Math.min(page, 10_000) - 1) * CATEGORY_PAGE_SIZE);
    if (found.items.length === 0 && page > 1) return notFound(reply, accountId);
    const links = linksFor(accountId);
    const pages = Math.max(1, Math.ceil(found.total / CATEGORY_PAGE_SIZE));
    const pageLink = (n: number) => `${links.category(category)}&page=${n}`;
    return send(reply, categoryPage(category, found.items, page, pages, { ...links, page: pageLink }));
  });

  app.get<{ Querystring: Query }>('/h5/search', async (request, reply) => {
    const accountId = accountOfPage(request.query.a);
    if (!accountId) return notFound(reply);
    const q = cleanText(request.query.q, 100);
    const hits = q ? (await search.search(accountId, q, SEARCH_PAGE_LIMIT)).hits : null;
    return send(reply, searchPage(q, hits, linksFor(accountId)));
  });
}
