import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { forbidden } from './tickets.actions.js';
import { deadlinesOf } from './tickets.deadlines.js';
import type { SettingsRepository, TicketSettings } from './ticket-settings.repository.js';
import { settingsBody } from './tickets.schemas.js';
import { scopeOf } from './tickets.types.js';
import { settingsSchema } from './tickets.responses.js';

/** Per-account deadlines, departments and the status template: read by all, changed by admins. */
export async function settingsRoutes(app: FastifyInstance, deps: { settings: SettingsRepository; audit: AuditRepository }): Promise<void> {
  const tags = ['tickets'];
  const effective = (s: TicketSettings) => ({ deadlines: deadlinesOf(s), departments: s.departments, statusTemplateId: s.statusTemplateId });

  app.get('/tickets/settings', { schema: { tags, summary: '查看工单设置（时限、部门、状态通知模板）', response: { 200: settingsSchema } } }, async (request) => effective(await deps.settings.get(request.accountId)));

  app.put<{ Body: Partial<TicketSettings> }>('/tickets/settings', { schema: { tags, summary: '修改工单设置', description: '仅管理员。', body: settingsBody, response: { 200: settingsSchema } } }, async (request) => {
    if (!scopeOf(request.operator).all) throw forbidden('changing ticket settings needs the admin role');
    const current = await deps.settings.get(request.accountId);
    const next: TicketSettings = {
      deadlines: { ...current.deadlines, ...request.body.deadlines },
      departments: request.body.departments ?? current.departments,
      statusTemplateId: request.body.statusTemplateId === undefined ? current.statusTemplateId : request.body.statusTemplateId,
    };
    await deps.settings.put(request.accountId, next);
    await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'ticket-settings', detail: request.body });
    return effective(next);
  });
}
