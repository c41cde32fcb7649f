import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { AppError, notFound } from '../../lib/errors.js';
import { idParamSchema } from '../../lib/schemas.js';
import type { Broadcast } from './broadcasts.repository.js';
import type { BroadcastRepository } from './broadcasts.repository.js';
import type { BroadcastService } from './broadcasts.service.js';
import { broadcastBody, broadcastSettingsBody, previewBody } from './reach.schemas.js';
import type { BroadcastInput, ReachSettings } from './reach.types.js';
import type { ReachSettingsRepository } from './settings.repository.js';
import * as r from './broadcasts.responses.js';

interface Deps {
  service: BroadcastService;
  repo: BroadcastRepository;
  settings: ReachSettingsRepository;
  audit: AuditRepository;
}

const tags = ['broadcasts'];

/** The broadcast as the API shows it: audience, status and WeChat's totals. */
export function broadcastView(b: Broadcast) {
  return {
    id: b.id,
    audience: b.toAll ? { all: true } : { tagId: b.tagId },
    message: b.message,
    emergency: b.emergency,
    status: b.status,
    sendAt: b.sendAt,
    author: b.author,
    approvedBy: b.approvedBy,
    approvedAt: b.approvedAt,
    clientMsgId: b.clientMsgId,
    msgId: b.msgId,
    sentAt: b.sentAt,
    wechatStatus: b.wechatStatus,
    totalCount: b.totalCount,
    filterCount: b.filterCount,
    sentCount: b.sentCount,
    errorCount: b.errorCount,
    error: b.error,
    createdAt: b.createdAt,
  };
}

export const actorOf = (request: FastifyRequest) => ({ name: request.operator.name, id: request.operator.id });

export async function broadcastRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { service, audit } = deps;
  const record = (request: FastifyRequest, action: string, id: number | null, detail?: unknown) =>
    audit.record({ accountId: request.accountId, actor: request.operator.name, action, resource: 'broadcast', resourceId: id, detail });

  app.get('/broadcasts', { schema: { tags, summary: '列出群发（含当前额度）', response: { 200: r.broadcastListSchema } } }, async (request) => {
    const [items, quota] = await Promise.all([deps.repo.list(request.accountId, 200), service.quota(request.accountId)]);
    return { items: items.map(broadcastView), quota };
  });

  app.get('/broadcasts/quota', { schema: { tags, summary: '查看群发额度', response: { 200: r.quotaSchema } } }, async (request) => service.quota(request.accountId));

  app.get('/broadcasts/settings', { schema: { tags, summary: '查看群发设置', response: { 200: r.broadcastSettingsSchema } } }, async (request) => {
    const { approvalRequired, accountType } = await deps.settings.get(request.accountId);
    return { approvalRequired, accountType };
  });

  app.put<{ Body: Pick<ReachSettings, 'approvalRequired' | 'accountType'> }>('/broadcasts/settings', { schema: { tags, summary: '修改群发设置（是否审核、账号类型）', description: '仅管理员。', body: broadcastSettingsBody, response: { 200: r.broadcastSettingsSchema } } }, async (request) => {
    if (!request.operator.roles.includes('admin')) throw new AppError(403, 'FORBIDDEN', '只有管理员可以修改群发设置');
    const current = await deps.settings.get(request.accountId);
    await deps.settings.put(request.accountId, { ...current, ...request.body });
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'broadcast-settings', detail: request.body });
    return request.body;
  });

  app.get<{ Params: { id: number } }>('/broadcasts/:id', { schema: { tags, summary: '查看群发', params: idParamSchema, response: { 200: r.broadcastSchema } } }, async (request) => {
    const b = await deps.repo.get(request.accountId, request.params.id);
    if (!b) throw notFound('broadcast');
    return broadcastView(b);
  });

  app.post<{ Body: BroadcastInput }>('/broadcasts', { schema: { tags, summary: '创建群发', description: '需要审核时进入待审核状态；指定 sendAt 为定时发送。', body: broadcastBody, response: { 201: r.broadcastSchema } } }, async (request, reply) => {
    const b = await service.create(request.accountId, request.body, actorOf(request));
    await record(request, 'create', b.id, request.body);
    return reply.code(201).send(broadcastView(b));
  });

  app.post<{ Params: { id: number }; Body: { touser?: string; towxname?: string } }>(
    '/broadcasts/:id/preview',
    { schema: { tags, summary: '群发预览（发送给指定微信号）', params: idParamSchema, body: previewBody, response: { 200: r.previewedSchema } } },
    async (request) => {
      await service.preview(request.accountId, request.params.id, request.body);
      await record(request, 'preview', request.params.id, request.body.towxname ? { towxname: request.body.towxname } : { touser: 'masked' });
      return { previewed: true };
    },
  );

  app.post<{ Params: { id: number } }>('/broadcasts/:id/approve', { schema: { tags, summary: '审核群发', description: '仅管理员，且不能审核自己创建的群发。', params: idParamSchema, response: { 200: r.broadcastSchema } } }, async (request) => {
    if (!request.operator.roles.includes('admin')) throw new AppError(403, 'FORBIDDEN', '只有管理员可以审核群发');
    const b = await service.approve(request.accountId, request.params.id, actorOf(request));
    await record(request, 'approve', b.id);
    return broadcastView(b);
  });

  app.post<{ Params: { id: number } }>('/broadcasts/:id/status-check', { schema: { tags, summary: '向微信查询群发结果', params: idParamSchema, response: { 200: r.broadcastSchema } } }, async (request) =>
    broadcastView(await service.checkStatus(request.accountId, request.params.id)),
  );

  app.post<{ Params: { id: number } }>('/broadcasts/:id/send', { schema: { tags, summary: '发送群发', description: '重复请求不会重复发送；额度用完时 409。', params: idParamSchema, response: { 200: r.broadcastSchema } } }, async (request) => {
    const before = await deps.repo.get(request.accountId, request.params.id);
    const b = await service.send(request.accountId, request.params.id);
    await record(request, 'send', b.id, { statusBefore: before?.status, status: b.status, msgId: b.msgId });
    return broadcastView(b);
  });
}
