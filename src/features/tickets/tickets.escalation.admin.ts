import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import type { Deadlines } from './tickets.deadlines.js';
import { checkNewDate, type EscalationResult, type TicketEscalations } from './tickets.escalation.js';
import { scopeOf } from './tickets.types.js';
import { adminView } from './tickets.view.js';
import { ticketActionSchema } from './tickets.responses.js';

const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
const params = { type: 'object', required: ['id'], properties: { id } } as const;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;
const extendBody = {
  type: 'object',
  required: ['reason', 'dueDate'],
  additionalProperties: false,
  properties: { reason: text(300), dueDate: { type: 'string', format: 'date', description: '申请延长至（北京时间日期）' } },
} as const;
const reasonBody = { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: text(300) } } as const;

interface Deps {
  escalations: TicketEscalations;
  deadlines: Deadlines;
  audit: AuditRepository;
}

type Req<B = unknown> = FastifyRequest<{ Params: { id: number }; Body: B }>;

/** 延期 (extend, extend/approve), 退单 (return) and 不予受理 (reject): each checked, audited and on the timeline. */
export async function escalationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const tags = ['tickets'];
  const { escalations } = deps;
  const answer = async (request: FastifyRequest, action: string, result: EscalationResult, detail: unknown) => {
    await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action, resource: 'ticket', resourceId: result.ticket.id, detail });
    const scope = scopeOf(request.operator);
    return {
      ...adminView(result.ticket, await deps.deadlines.state(result.ticket, new Date()), scope, true),
      notification: result.notification,
    };
  };

  app.post('/tickets/:id/extend', { schema: { tags, summary: '申请延期', params, body: extendBody, response: { 200: ticketActionSchema } } }, async (request: Req<{ reason: string; dueDate: string }>) => {
    checkNewDate(request.body.dueDate, new Date());
    const result = await escalations.requestExtension(request.accountId, request.params.id, request.operator, scopeOf(request.operator), request.body);
    return answer(request, 'extend_requested', result, request.body);
  });

  app.post('/tickets/:id/extend/approve', { schema: { tags, summary: '批准延期', params, response: { 200: ticketActionSchema } } }, async (request: Req) => {
    const result = await escalations.approveExtension(request.accountId, request.params.id, request.operator, scopeOf(request.operator));
    return answer(request, 'extend', result, { dueDate: result.ticket.dueDate });
  });

  app.post('/tickets/:id/return', { schema: { tags, summary: '退单', params, body: reasonBody, response: { 200: ticketActionSchema } } }, async (request: Req<{ reason: string }>) => {
    const result = await escalations.returnTicket(request.accountId, request.params.id, request.operator, scopeOf(request.operator), request.body.reason);
    return answer(request, 'return', result, request.body);
  });

  app.post('/tickets/:id/reject', { schema: { tags, summary: '不予受理', params, body: reasonBody, response: { 200: ticketActionSchema } } }, async (request: Req<{ reason: string }>) => {
    const result = await escalations.reject(request.accountId, request.params.id, request.operator, scopeOf(request.operator), request.body.reason);
    return answer(request, 'reject', result, request.body);
  });
}
