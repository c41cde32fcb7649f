import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { noticeTemplatesBody } from './reach.schemas.js';
import { NOTICE_KINDS, type NoticeKind } from './reach.types.js';
import type { ReachSettingsRepository } from './settings.repository.js';
import type { createUndeliveredRepository } from './undelivered.repository.js';
import * as r from './broadcasts.responses.js';

interface Deps {
  settings: ReachSettingsRepository;
  undelivered: ReturnType<typeof createUndeliveredRepository>;
  audit: AuditRepository;
}

const tags = ['notice templates'];

/**
 * Template ids of the notices sent outside the 48-hour window: booking reminder, booking
 * change, ticket status, ticket reply. The reminder and status ids are where the
 * appointment and ticket features read them, so a change takes effect there at once.
 */
export async function noticeRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const view = (t: Partial<Record<NoticeKind, string>>) => Object.fromEntries(NOTICE_KINDS.map((k) => [k, t[k] ?? null]));

  /** Notices sent neither way, for operators to follow up (booking reminders and ticket notices). */
  app.get('/notice-templates/undelivered', { schema: { tags, summary: '列出未送达群众的通知', response: { 200: r.undeliveredSchema } } }, async (request) => ({ items: await deps.undelivered.list(request.accountId, 200) }));

  /** The reminder and status ids are read where those features keep them (they may have been set there). */
  const current = async (accountId: string) => {
    const [{ noticeTemplates }, held] = await Promise.all([deps.settings.get(accountId), deps.settings.featureTemplates(accountId)]);
    return view({ ...noticeTemplates, bookingReminder: held.bookingReminder ?? undefined, ticketStatus: held.ticketStatus ?? undefined });
  };

  app.get('/notice-templates', { schema: { tags, summary: '查看通知模板设置', response: { 200: r.noticeTemplatesSchema } } }, async (request) => current(request.accountId));

  app.put<{ Body: Partial<Record<NoticeKind, string | null>> }>('/notice-templates', { schema: { tags, summary: '修改通知模板设置', description: '值为 null 清除该项；未提供的项保持不变。', body: noticeTemplatesBody, response: { 200: r.noticeTemplatesSchema } } }, async (request) => {
    const stored = await deps.settings.get(request.accountId);
    const next: Partial<Record<NoticeKind, string>> = { ...stored.noticeTemplates };
    for (const kind of NOTICE_KINDS) {
      const value = request.body[kind];
      if (value === null) delete next[kind];
      else if (value !== undefined) next[kind] = value;
    }
    await deps.settings.put(request.accountId, { ...stored, noticeTemplates: next });
    // Only the ids given are written there: leaving one out keeps what the feature holds.
    await deps.settings.syncFeatureTemplates(request.accountId, request.body.bookingReminder, request.body.ticketStatus);
    await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'notice-templates', detail: request.body });
    return current(request.accountId);
  });
}
