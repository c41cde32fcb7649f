import type { FastifyInstance } from 'fastify';
import { parseBound } from '../inbox/bounds.js';
import { int, intOrNull, itemsOf, obj, str, strOrNull } from '../lib/responses.js';
import type { AuditRepository } from './audit.repository.js';

interface AuditQuery {
  actor?: string;
  actorId?: number;
  action?: string;
  resource?: string;
  resourceId?: string;
  from?: string;
  to?: string;
  limit: number;
  before?: number;
}

const text = { type: 'string', minLength: 1, maxLength: 100 } as const;
const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    actor: text,
    actorId: { type: 'integer', minimum: 1 },
    action: text,
    resource: text,
    resourceId: text,
    from: { type: 'string', minLength: 10, maxLength: 35 },
    to: { type: 'string', minLength: 10, maxLength: 35 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    before: { type: 'integer', minimum: 1 },
  },
} as const;

const entrySchema = obj(
  {
    id: int,
    accountId: strOrNull,
    actor: str,
    actorId: intOrNull,
    actorAccount: strOrNull,
    action: str,
    resource: str,
    resourceId: strOrNull,
    detail: { description: '详情（任意 JSON）' },
    createdAt: str,
  },
  '审计记录',
);
const responseSchema = { 200: itemsOf(entrySchema, { nextBefore: { ...intOrNull, description: '下一页的 before；没有更多时为 null' } }, '审计记录（新的在前）') };

/** GET /audit: the account's audit log, newest first, paged by `before` (admin only, policy.ts). */
export async function auditRoutes(app: FastifyInstance, { audit }: { audit: AuditRepository }): Promise<void> {
  app.get<{ Querystring: AuditQuery }>('/audit', { schema: { tags: ['audit'], summary: '审计日志（按操作员、动作、对象、时间筛选）', querystring: querySchema, response: responseSchema } }, async (request) => {
    const q = request.query;
    const rows = await audit.list({
      accountId: request.accountId,
      withGlobal: request.operator.superAdmin === true,
      actor: q.actor,
      actorId: q.actorId,
      action: q.action,
      resource: q.resource,
      resourceId: q.resourceId,
      from: parseBound(q.from, 'from', 'start'),
      to: parseBound(q.to, 'to', 'end'),
      before: q.before,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    return { items: page, nextBefore: rows.length > q.limit ? (page[page.length - 1] as { id: number }).id : null };
  });
}
