import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import type { KeyValueStore } from '../../infra/kv/port.js';
import { AppError } from '../../lib/errors.js';
import type { SupervisionRepository, SupervisionSettings } from './ticket-supervision.repository.js';
import { forbidden } from './tickets.actions.js';
import type { Supervisor } from './tickets.supervision.js';
import { bindingCodeSchema, digestPreviewSchema, digestSentSchema, supervisionSettingsSchema } from './tickets.extra-responses.js';

/** How long a binding code waits for the operator's 绑定 message. */
export const BIND_TTL_MS = 10 * 60_000;
export const bindKey = (accountId: string, code: string) => `tickets:bind:${accountId}:${code}`;

const settingsBody = {
  type: 'object',
  required: ['dueSoonDays', 'digestHour'],
  additionalProperties: false,
  properties: {
    dueSoonDays: { type: 'integer', minimum: 0, maximum: 10, description: '到期前多少个工作日起督办提醒' },
    noticeTemplateId: { type: ['string', 'null'], minLength: 1, maxLength: 128, description: '发给工作人员的督办模板消息 ID' },
    digestHour: { type: 'integer', minimum: 0, maximum: 23, description: '每日督办汇总的发送时刻（北京时间）' },
  },
} as const;

interface Deps {
  repo: SupervisionRepository;
  supervisor: Supervisor;
  kv: KeyValueStore;
  audit: AuditRepository;
}

/** 督办 settings, the operator's WeChat binding code, and the digest (preview, or sent now). */
export async function supervisionRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const tags = ['tickets'];
  const adminOnly = (request: FastifyRequest) => {
    if (!request.operator.roles.includes('admin')) throw forbidden('督办 settings need the admin role');
  };

  app.get('/tickets/supervision/settings', { schema: { tags, summary: '查看督办设置', response: { 200: supervisionSettingsSchema } } }, async (request) => deps.repo.settings(request.accountId));

  app.put<{ Body: SupervisionSettings }>('/tickets/supervision/settings', { schema: { tags, summary: '修改督办设置', description: '仅管理员。', body: settingsBody, response: { 200: supervisionSettingsSchema } } }, async (request) => {
    adminOnly(request);
    const saved = await deps.repo.saveSettings(request.accountId, { ...request.body, noticeTemplateId: request.body.noticeTemplateId ?? null });
    await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'supervision-settings', resourceId: null, detail: saved });
    return saved;
  });

  /** A six-digit code the operator sends as “绑定 <code>” to this account within ten minutes. */
  app.post('/tickets/supervision/binding-code', { schema: { tags, summary: '获取微信绑定码', description: '操作员用本人微信在十分钟内发送“绑定 <code>”；内置超级管理员不能绑定（409）。', response: { 200: bindingCodeSchema } } }, async (request) => {
    const operatorId = request.operator.id;
    if (operatorId === undefined) throw new AppError(409, 'CONFLICT', 'only a named operator can bind a WeChat account');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await deps.kv.set(bindKey(request.accountId, code), String(operatorId), BIND_TTL_MS);
    await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'binding-code', resource: 'operator', resourceId: operatorId });
    return { code, expiresInSeconds: BIND_TTL_MS / 1000, instruction: `请用本人微信在公众号对话中发送“绑定 ${code}”` };
  });

  app.get('/tickets/supervision/digest', { schema: { tags, summary: '预览今日督办提醒', response: { 200: digestPreviewSchema } } }, async (request) => ({ departments: await deps.supervisor.preview(request.accountId, new Date()) }));

  /** Sends today's digests that were not sent yet, whatever the hour. */
  app.post('/tickets/supervision/digest', { schema: { tags, summary: '立即发送今日督办提醒', description: '仅管理员；今日已发的不再重发。', response: { 200: digestSentSchema } } }, async (request) => {
    adminOnly(request);
    return { sent: await deps.supervisor.digests(new Date(), true) };
  });
}
