import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { AppError, notFound } from '../../lib/errors.js';
import { idParamSchema } from '../../lib/schemas.js';
import { actorOf, broadcastView } from './broadcasts.admin.js';
import type { BroadcastRepository } from './broadcasts.repository.js';
import type { BroadcastService } from './broadcasts.service.js';
import { warningBody } from './reach.schemas.js';
import type { ReachSettingsRepository } from './settings.repository.js';
import { renderWarning, type Warning, type WarningTemplate } from './warning.js';
import * as r from './broadcasts.responses.js';

interface Deps {
  service: BroadcastService;
  repo: BroadcastRepository;
  settings: ReachSettingsRepository;
  audit: AuditRepository;
}

const tags = ['emergency broadcasts'];
const templateBody = {
  type: 'object',
  required: ['format', 'hotline'],
  additionalProperties: false,
  properties: { format: { type: 'string', minLength: 1, maxLength: 1000, pattern: '\\{title\\}' }, hotline: { type: 'string', minLength: 1, maxLength: 40 } },
} as const;

/**
 * 应急预警 in two steps, for the emergency or admin role: (1) fill the warning template and
 * see the text and audience; (2) send. No approval step; each step is in the audit log.
 */
export async function emergencyRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { service, audit } = deps;

  app.get('/emergency-broadcasts/template', { schema: { tags, summary: '查看预警模板', response: { 200: r.warningTemplateSchema } } }, async (request) => deps.settings.warningTemplate(request.accountId));

  app.put<{ Body: WarningTemplate }>('/emergency-broadcasts/template', { schema: { tags, summary: '修改预警模板', description: '仅管理员。', body: templateBody, response: { 200: r.warningTemplateSchema } } }, async (request) => {
    if (!request.operator.roles.includes('admin')) throw new AppError(403, 'FORBIDDEN', '只有管理员可以修改预警模板');
    await deps.settings.putWarningTemplate(request.accountId, request.body);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'warning-template', detail: request.body });
    return request.body;
  });

  app.post<{ Body: Warning & { audience?: { all: true } | { tagId: number } } }>(
    '/emergency-broadcasts',
    { schema: { tags, summary: '拟写应急预警（生成正文，暂不发送）', body: warningBody, response: { 201: r.emergencyComposedSchema } } },
    async (request, reply) => {
      const { audience = { all: true }, ...warning } = request.body;
      const text = renderWarning(warning, await deps.settings.warningTemplate(request.accountId));
      const b = await service.create(request.accountId, { audience, message: { type: 'text', content: text } }, actorOf(request), { emergency: true });
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'compose', resource: 'emergency-broadcast', resourceId: b.id, detail: { warning, audience } });
      return reply.code(201).send({ ...broadcastView(b), text, quota: await service.quota(request.accountId), send: `/admin/api/emergency-broadcasts/${b.id}/send` });
    },
  );

  app.post<{ Params: { id: number } }>('/emergency-broadcasts/:id/send', { schema: { tags, summary: '发送应急预警', description: '无需审核；被拒绝的发送也记入审计。', params: idParamSchema, response: { 200: r.broadcastSchema } } }, async (request) => {
    const before = await deps.repo.get(request.accountId, request.params.id);
    if (!before || !before.emergency) throw notFound('emergency broadcast');
    const record = (detail: Record<string, unknown>) =>
      audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'send', resource: 'emergency-broadcast', resourceId: before.id, detail: { statusBefore: before.status, ...detail } });
    let b;
    try {
      b = await service.send(request.accountId, before.id);
    } catch (err) {
      // A refused or failed warning is audited too: who tried, and why it did not go out.
      await record({ refused: (err as Error).message });
      throw err;
    }
    await record({ status: b.status, msgId: b.msgId });
    return broadcastView(b);
  });
}
