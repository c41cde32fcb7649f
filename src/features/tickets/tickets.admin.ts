import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { cstDate } from '../../calendar/dates.js';
import { notFound } from '../../lib/errors.js';
import type { PiiCipher } from '../../lib/pii.js';
import type { AttachmentRepository } from './ticket-attachments.repository.js';
import type { createStatsRepository } from './ticket-stats.repository.js';
import { forbidden, type ActionInput, type TicketActions } from './tickets.actions.js';
import type { Deadlines } from './tickets.deadlines.js';
import type { ListFilter } from './ticket-lists.repository.js';
import type { TicketRepository } from './tickets.repository.js';
import * as s from './tickets.schemas.js';
import { ticketStats } from './tickets.stats.js';
import { scopeOf, type Ticket } from './tickets.types.js';
import type { SettingsRepository } from './ticket-settings.repository.js';
import { settingsRoutes } from './tickets.settings.js';
import { servedType } from './attachment-type.js';
import { adminView, attachmentView, eventView } from './tickets.view.js';
import * as r from './tickets.responses.js';

export interface TicketAdminDeps {
  repo: TicketRepository;
  attachments: AttachmentRepository;
  settings: SettingsRepository;
  stats: ReturnType<typeof createStatsRepository>;
  actions: TicketActions;
  deadlines: Deadlines;
  pii: PiiCipher;
  audit: AuditRepository;
  checkDeadlines(now: Date): Promise<{ dueSoon: number; overdue: number }>;
}

type IdReq = FastifyRequest<{ Params: { id: number } }>;

/** The list's filters, and `includeTest` for the simulator's test tickets (left out by default). */
const listQuery = {
  ...s.listQuery,
  properties: { ...s.listQuery.properties, includeTest: { type: 'boolean', description: '包含模拟器产生的测试工单' } },
} as const;

/** Operators' API for tickets: every view and every reveal of personal data is audited. */
export async function ticketAdminRoutes(app: FastifyInstance, deps: TicketAdminDeps): Promise<void> {
  const tags = ['tickets'];
  const { repo, actions, deadlines, audit } = deps;
  const scope = (request: FastifyRequest) => scopeOf(request.operator);
  const record = (request: FastifyRequest, action: string, resourceId: number | null, detail?: unknown) =>
    audit.record({ accountId: request.accountId, actor: request.operator.name, action, resource: 'ticket', resourceId, detail });
  const view = async (ticket: Ticket, request: FastifyRequest, full = false) => adminView(ticket, await deadlines.state(ticket, new Date()), scope(request), full);

  app.get<{ Querystring: Omit<ListFilter, 'limit' | 'offset'> & { limit?: number; offset?: number } }>(
    '/tickets',
    { schema: { tags, summary: '列出工单', description: '按操作员可见范围返回；每次查看都记入审计。', querystring: listQuery, response: { 200: r.ticketListSchema } } },
    async (request) => {
      const filter: ListFilter = { ...request.query, limit: request.query.limit ?? 20, offset: request.query.offset ?? 0 };
      const { items, total } = await repo.list(request.accountId, filter, scope(request), cstDate(new Date()));
      await record(request, 'list', null, { query: request.query, returned: items.map((t) => t.id) });
      const deliveries = await repo.lastDeliveries(items.map((t) => t.id));
      return { items: await Promise.all(items.map(async (t) => ({ ...(await view(t, request)), test: t.test, lastNotice: deliveries.get(t.id) ?? null }))), total };
    },
  );

  app.get<{ Querystring: { from?: string; to?: string } }>('/tickets/stats', { schema: { tags, summary: '工单统计（按时办结率、满意率等）', querystring: s.statsQuery, response: { 200: r.statsSchema } } }, async (request) =>
    ticketStats(deps.stats, request.accountId, request.query, scope(request), new Date()),
  );

  await settingsRoutes(app, deps);

  app.post('/tickets/deadline-check', { schema: { tags, summary: '立即检查工单时限', description: '仅管理员。', response: { 200: r.deadlineCheckSchema } } }, async (request) => {
    if (!scope(request).all) throw forbidden('running the deadline check needs the admin role');
    return deps.checkDeadlines(new Date());
  });

  app.get('/tickets/:id', { schema: { tags, summary: '查看工单详情', params: s.idParams, response: { 200: r.ticketDetailSchema } } }, async (request: IdReq) => {
    const ticket = await actions.visible(request.accountId, request.params.id, scope(request));
    await record(request, 'view', ticket.id);
    return {
      ...(await view(ticket, request, true)),
      lastNotice: (await repo.lastDeliveries([ticket.id])).get(ticket.id) ?? null,
      events: (await repo.events(ticket.id)).map(eventView),
      attachmentList: (await deps.attachments.list(ticket.id)).map(attachmentView(ticket.id)),
    };
  });

  app.get<{ Params: { id: number; attachmentId: number } }>(
    '/tickets/:id/attachments/:attachmentId',
    { schema: { tags, summary: '下载工单附件', params: s.attachmentParams, response: { 200: r.attachmentFileSchema } } },
    async (request, reply) => {
      const ticket = await actions.visible(request.accountId, request.params.id, scope(request));
      const file = await deps.attachments.content(ticket.id, request.params.attachmentId);
      if (!file) throw notFound('attachment');
      await record(request, 'view-attachment', ticket.id, { attachmentId: request.params.attachmentId });
      const served = servedType(file.contentType, request.params.attachmentId);
      if (served.disposition) reply.header('content-disposition', served.disposition);
      return reply.type(served.contentType).send(file.data);
    },
  );

  app.post<{ Params: { id: number }; Body: { reason: string } }>(
    '/tickets/:id/reveal',
    { schema: { tags, summary: '查看工单联系人明文（须填写理由）', description: '记入审计；保密工单仅管理员可查看。', params: s.idParams, body: s.revealBody, response: { 200: r.revealSchema } } },
    async (request) => {
      const ticket = await actions.visible(request.accountId, request.params.id, scope(request));
      if (ticket.confidential && !scope(request).all) throw forbidden('the reporter of a confidential ticket is revealed only to an admin');
      await record(request, 'reveal', ticket.id, { reason: request.body.reason, fields: ['name', 'phone', 'content'] });
      return {
        name: ticket.nameEnc ? deps.pii.decrypt(ticket.nameEnc) : null,
        phone: ticket.phoneEnc ? deps.pii.decrypt(ticket.phoneEnc) : null,
        // Lists and details mask numbers typed in the text; the clear text comes only from here.
        content: ticket.content,
      };
    },
  );

  const act = (path: string, summary: string, schema: object | undefined, toInput: (body: Record<string, unknown>) => ActionInput) =>
    app.post<{ Params: { id: number }; Body: Record<string, unknown> | undefined }>(
      `/tickets/:id/${path}`,
      { schema: { tags, summary, params: s.idParams, ...(schema ? { body: schema } : {}), response: { 200: r.ticketActionSchema } } },
      async (request) => {
        const input = toInput(request.body ?? {});
        const result = await actions.perform(request.accountId, request.params.id, request.operator, scope(request), input);
        await record(request, input.action, result.ticket.id, request.body ?? {});
        return { ...(await view(result.ticket, request, true)), notification: result.notification ?? null };
      },
    );
  act('assign', '派单给部门', s.assignBody, (b) => ({ action: 'assign', department: String(b.department), note: b.note as string | undefined }));
  act('reply', '答复群众', s.replyBody, (b) => ({ action: 'reply', content: String(b.content) }));
  act('request-info', '请群众补充信息', s.requestInfoBody, (b) => ({ action: 'request_info', question: String(b.question) }));
  act('close', '办结工单', s.closeBody, (b) => ({ action: 'close', note: b.note as string | undefined }));
  act('reopen', '重办工单', s.reopenBody, (b) => ({ action: 'reopen', reason: b.reason as string | undefined }));
  act('merge', '合并到另一工单', s.mergeBody, (b) => ({ action: 'merge', into: Number(b.into) }));

  app.post<{ Params: { id: number }; Body: { content: string } }>(
    '/tickets/:id/notes',
    { schema: { tags, summary: '添加内部备注', params: s.idParams, body: s.noteBody, response: { 201: r.okSchema } } },
    async (request, reply) => {
      await actions.note(request.accountId, request.params.id, request.operator, scope(request), request.body.content);
      await record(request, 'note', request.params.id);
      return reply.code(201).send({ ok: true });
    },
  );
}
