import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { badRequest, conflict, notFound } from '../../lib/errors.js';
import { idParams } from './polls.admin.js';
import type { TipRepository, TipStatus } from './tips.repository.js';
import * as r from './participation.responses.js';

const tags = ['participation'];
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;
const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;

const collectionBody = {
  type: 'object',
  required: ['title', 'prompt'],
  additionalProperties: false,
  properties: {
    title: text(60),
    prompt: { ...text(500), description: '向群众说明征集什么线索' },
    photos: { type: 'boolean', default: true, description: '接收照片' },
    location: { type: 'boolean', default: true, description: '接收位置' },
    contact: { type: 'boolean', default: false, description: '询问联系方式（可选填）' },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
  },
} as const;
const tipsQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['new', 'accepted', 'dismissed', 'ticket'] },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;
const tipParams = { type: 'object', required: ['id', 'tipId'], properties: { id, tipId: id } } as const;
const reviewBody = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: { status: { type: 'string', enum: ['accepted', 'dismissed'] }, note: text(500) },
} as const;

interface CollectionBody {
  title: string;
  prompt: string;
  photos: boolean;
  location: boolean;
  contact: boolean;
  startsAt?: string;
  endsAt?: string;
}

/** 线索征集: collections, their tips (contact masked) and the review of each tip. */
export async function tipAdminRoutes(app: FastifyInstance, deps: { tips: TipRepository; audit: AuditRepository }): Promise<void> {
  const { tips, audit } = deps;

  app.post<{ Body: CollectionBody }>('/tip-collections', { schema: { tags, summary: '创建线索征集', body: collectionBody, response: { 201: r.collectionSchema } } }, async (request, reply) => {
    const b = request.body;
    const startsAt = b.startsAt ? new Date(b.startsAt) : null;
    const endsAt = b.endsAt ? new Date(b.endsAt) : null;
    if (startsAt && endsAt && endsAt <= startsAt) throw badRequest('endsAt', 'endsAt must be after startsAt');
    const c = await tips.createCollection(request.accountId, { ...b, startsAt, endsAt }, request.operator.name);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'tip-collection', resourceId: c.id, detail: b });
    return reply.code(201).send({ ...c, action: `tips:${c.id}` });
  });

  app.get('/tip-collections', { schema: { tags, summary: '列出线索征集', response: { 200: r.collectionListSchema } } }, async (request) => ({
    items: (await tips.collections(request.accountId)).map((c) => ({ ...c, action: `tips:${c.id}` })),
  }));

  app.get<{ Params: { id: number }; Querystring: { status?: TipStatus; limit?: number; offset?: number } }>(
    '/tip-collections/:id/tips',
    { schema: { tags, summary: '列出征集到的线索', description: '联系方式已打码；每次查看记入审计。', params: idParams, querystring: tipsQuery, response: { 200: r.tipListSchema } } },
    async (request) => {
      if (!(await tips.collection(request.accountId, request.params.id))) throw notFound('tip collection');
      const items = await tips.tips(request.accountId, request.params.id, request.query.status, request.query.limit ?? 20, request.query.offset ?? 0);
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'list', resource: 'tip', resourceId: request.params.id, detail: { returned: items.map((i) => i.id) } });
      return { items };
    },
  );

  app.post<{ Params: { id: number; tipId: number }; Body: { status: 'accepted' | 'dismissed'; note?: string } }>(
    '/tip-collections/:id/tips/:tipId/review',
    { schema: { tags, summary: '审核线索（采纳或不予采纳）', description: '线索不存在或已转为工单时 409。', params: tipParams, body: reviewBody, response: { 200: r.reviewSchema } } },
    async (request) => {
      const { id: collectionId, tipId } = request.params;
      if (!(await tips.review(request.accountId, collectionId, tipId, request.body.status, request.body.note ?? null, request.operator.name))) {
        throw conflict('review: the tip does not exist here or was already turned into a ticket');
      }
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'review', resource: 'tip', resourceId: tipId, detail: request.body });
      return { ok: true, status: request.body.status };
    },
  );
}
