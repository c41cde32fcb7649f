import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { forbidden } from './tickets.actions.js';
import type { TicketPublisher } from './tickets.publish.js';
import { scopeOf } from './tickets.types.js';
import { publicationSchema, publishDraftSchema } from './tickets.extra-responses.js';

const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
const params = { type: 'object', required: ['id'], properties: { id } } as const;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;
const publishBody = {
  type: 'object',
  required: ['question', 'answer'],
  additionalProperties: false,
  properties: {
    question: { ...text(2000), description: '经编辑、去除个人信息后的群众来信' },
    answer: { ...text(4000), description: '经编辑的答复' },
    category: { ...text(30), description: '公开分类，默认为工单类别' },
  },
} as const;

type Req<B = unknown> = FastifyRequest<{ Params: { id: number }; Body: B }>;

/** 公开答复 from the ticket screen: a scrubbed draft, publish with the operator's texts, withdraw. */
export async function publishRoutes(app: FastifyInstance, deps: { publisher: TicketPublisher; audit: AuditRepository }): Promise<void> {
  const tags = ['tickets'];
  const { publisher, audit } = deps;
  const may = (request: FastifyRequest) => {
    const roles = request.operator.roles;
    if (!roles.includes('admin') && !roles.includes('editor')) throw forbidden('publishing answers needs the admin or editor role');
  };
  const record = (request: FastifyRequest, action: string, ticketId: number, detail?: unknown) =>
    audit.record({ accountId: request.accountId, actor: request.operator.name, action, resource: 'ticket', resourceId: ticketId, detail });

  app.get('/tickets/:id/publish', { schema: { tags, summary: '生成公开答复草稿', params, response: { 200: publishDraftSchema } } }, async (request: Req) => {
    may(request);
    return publisher.draft(request.accountId, request.params.id, scopeOf(request.operator));
  });

  app.post('/tickets/:id/publish', { schema: { tags, summary: '发布公开答复', params, body: publishBody, response: { 200: publicationSchema } } }, async (request: Req<{ question: string; answer: string; category?: string }>) => {
    may(request);
    const published = await publisher.publish(request.accountId, request.params.id, request.operator, scopeOf(request.operator), request.body);
    await record(request, 'publish', request.params.id, { answerId: published.id });
    return published;
  });

  app.delete('/tickets/:id/publish', { schema: { tags, summary: '撤回公开答复', params, response: { 200: publicationSchema } } }, async (request: Req) => {
    may(request);
    const withdrawn = await publisher.withdraw(request.accountId, request.params.id, request.operator, scopeOf(request.operator));
    await record(request, 'withdraw', request.params.id, { answerId: withdrawn.id });
    return withdrawn;
  });
}
