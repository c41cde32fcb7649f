import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { notFound } from '../../lib/errors.js';
import { idParamSchema, placeBodySchema, placeListQuerySchema } from './content.schemas.js';
import { placeResponses as r } from './content.responses.js';
import type { ContentService, ListQuery } from './content.service.js';
import type { PlaceInput } from './content.types.js';

interface Deps {
  content: ContentService;
  audit: AuditRepository;
}

const tags = ['places'];

export async function placeRoutes(app: FastifyInstance, { content, audit }: Deps): Promise<void> {
  app.post<{ Body: PlaceInput }>('/places', { schema: { tags, summary: '创建场所', body: placeBodySchema, response: r.created } }, async (request, reply) => {
    const place = await content.createPlace(request.accountId, request.body);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'place', resourceId: place.id, detail: request.body });
    return reply.code(201).send(place);
  });

  app.get<{ Querystring: ListQuery & { kind?: string } }>('/places', { schema: { tags, summary: '列出场所（分页，可按类型筛选）', querystring: placeListQuerySchema, response: r.list } }, async (request) =>
    content.listPlaces(request.accountId, request.query),
  );

  app.get<{ Params: { id: number } }>('/places/:id', { schema: { tags, summary: '查看场所', params: idParamSchema, response: r.one } }, async (request) => {
    const place = await content.places.get(request.accountId, request.params.id);
    if (!place) throw notFound('place');
    return place;
  });

  app.put<{ Params: { id: number }; Body: PlaceInput }>('/places/:id', { schema: { tags, summary: '修改场所', params: idParamSchema, body: placeBodySchema, response: r.one } }, async (request) => {
    const place = await content.updatePlace(request.accountId, request.params.id, request.body);
    if (!place) throw notFound('place');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'place', resourceId: place.id, detail: request.body });
    return place;
  });

  app.delete<{ Params: { id: number } }>('/places/:id', { schema: { tags, summary: '删除场所', params: idParamSchema, response: r.deleted } }, async (request, reply) => {
    if (!(await content.removePlace(request.accountId, request.params.id))) throw notFound('place');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'place', resourceId: request.params.id });
    return reply.code(204).send();
  });
}
