import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { notFound } from '../../lib/errors.js';
import { guideBodySchema, guideListQuerySchema, idParamSchema } from './content.schemas.js';
import { guideResponses as r } from './content.responses.js';
import type { ContentService, ListQuery } from './content.service.js';
import type { Guide, GuideInput } from './content.types.js';
import type { H5Urls } from './content.urls.js';
import { guideImportRoutes } from './guides.import-routes.js';

interface Deps {
  content: ContentService;
  audit: AuditRepository;
  urls: H5Urls;
}

const tags = ['service guides'];

export async function guideRoutes(app: FastifyInstance, { content, audit, urls }: Deps): Promise<void> {
  const view = (guide: Guide) => ({ ...guide, pageUrl: urls.guide(guide.accountId, guide.id) });

  app.post<{ Body: GuideInput }>('/guides', { schema: { tags, summary: '创建办事指南', body: guideBodySchema, response: r.created } }, async (request, reply) => {
    const guide = await content.createGuide(request.accountId, request.body);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'guide', resourceId: guide.id, detail: request.body });
    return reply.code(201).send(view(guide));
  });

  app.get<{ Querystring: ListQuery & { department?: string } }>('/guides', { schema: { tags, summary: '列出办事指南（分页，可按部门筛选）', querystring: guideListQuerySchema, response: r.list } }, async (request) => {
    const page = await content.listGuides(request.accountId, request.query);
    return { ...page, items: page.items.map(view) };
  });

  app.get<{ Params: { id: number } }>('/guides/:id', { schema: { tags, summary: '查看办事指南', params: idParamSchema, response: r.one } }, async (request) => {
    const guide = await content.guides.get(request.accountId, request.params.id);
    if (!guide) throw notFound('guide');
    return view(guide);
  });

  app.put<{ Params: { id: number }; Body: GuideInput }>('/guides/:id', { schema: { tags, summary: '修改办事指南', params: idParamSchema, body: guideBodySchema, response: r.one } }, async (request) => {
    const guide = await content.updateGuide(request.accountId, request.params.id, request.body);
    if (!guide) throw notFound('guide');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'guide', resourceId: guide.id, detail: request.body });
    return view(guide);
  });

  app.delete<{ Params: { id: number } }>('/guides/:id', { schema: { tags, summary: '删除办事指南', params: idParamSchema, response: r.deleted } }, async (request, reply) => {
    if (!(await content.removeGuide(request.accountId, request.params.id))) throw notFound('guide');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'guide', resourceId: request.params.id });
    return reply.code(204).send();
  });

  await guideImportRoutes(app, { content, audit });
}
