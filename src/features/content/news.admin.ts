import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { notFound } from '../../lib/errors.js';
import { idParamSchema, newsBodySchema, newsListQuerySchema } from './content.schemas.js';
import { newsResponses as r } from './content.responses.js';
import type { ContentService, ListQuery } from './content.service.js';
import type { News, NewsInput } from './content.types.js';
import type { H5Urls } from './content.urls.js';
import { newsPreview } from './h5.preview.js';

interface Deps {
  content: ContentService;
  audit: AuditRepository;
  urls: H5Urls;
}

const tags = ['news'];

export async function newsRoutes(app: FastifyInstance, { content, audit, urls }: Deps): Promise<void> {
  const view = (news: News) => ({ ...news, pageUrl: urls.news(news.accountId, news.id) });

  app.post<{ Body: NewsInput }>(
    '/news/preview',
    { schema: { tags, summary: '预览资讯（含草稿、未保存的修改）：返回与 H5 页面相同的 HTML', body: newsBodySchema, response: r.preview } },
    async (request, reply) => reply.type('text/html; charset=utf-8').send(newsPreview(request.accountId, request.body)),
  );

  app.post<{ Body: NewsInput }>('/news', { schema: { tags, summary: '创建资讯', body: newsBodySchema, response: r.created } }, async (request, reply) => {
    const news = await content.createNews(request.accountId, request.body);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'news', resourceId: news.id, detail: request.body });
    return reply.code(201).send(view(news));
  });

  app.get<{ Querystring: ListQuery & { category?: string } }>('/news', { schema: { tags, summary: '列出资讯（分页，可按栏目筛选）', querystring: newsListQuerySchema, response: r.list } }, async (request) => {
    const page = await content.listNews(request.accountId, request.query);
    return { ...page, items: page.items.map(view) };
  });

  app.get<{ Params: { id: number } }>('/news/:id', { schema: { tags, summary: '查看资讯', params: idParamSchema, response: r.one } }, async (request) => {
    const news = await content.news.get(request.accountId, request.params.id);
    if (!news) throw notFound('news');
    return view(news);
  });

  app.put<{ Params: { id: number }; Body: NewsInput }>('/news/:id', { schema: { tags, summary: '修改资讯', params: idParamSchema, body: newsBodySchema, response: r.one } }, async (request) => {
    const news = await content.updateNews(request.accountId, request.params.id, request.body);
    if (!news) throw notFound('news');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'news', resourceId: news.id, detail: request.body });
    return view(news);
  });

  app.delete<{ Params: { id: number } }>('/news/:id', { schema: { tags, summary: '删除资讯', params: idParamSchema, response: r.deleted } }, async (request, reply) => {
    if (!(await content.removeNews(request.accountId, request.params.id))) throw notFound('news');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'news', resourceId: request.params.id });
    return reply.code(204).send();
  });
}
