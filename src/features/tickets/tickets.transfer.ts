import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { badRequest, conflict } from '../../lib/errors.js';
import type { createStatsRepository } from './ticket-stats.repository.js';
import type { TransferRepository } from './ticket-transfer.repository.js';
import { forbidden, type TicketActions } from './tickets.actions.js';
import type { Deadlines } from './tickets.deadlines.js';
import type { CitizenNotifier } from './tickets.notify.js';
import { ticketStats } from './tickets.stats.js';
import { statusNotice } from './tickets.texts.js';
import { scopeOf } from './tickets.types.js';
import { adminView } from './tickets.view.js';
import { accountStatsSchema, ticketTransferredSchema } from './tickets.responses.js';

/** Statuses a ticket can be transferred in: open, and not waiting on the citizen. */
const TRANSFERABLE = new Set(['accepted', 'dispatched', 'replied', 'reopened', 'returned']);

interface Deps {
  repo: TransferRepository;
  actions: TicketActions;
  notifier: CitizenNotifier;
  deadlines: Deadlines;
  stats: ReturnType<typeof createStatsRepository>;
  audit: AuditRepository;
}

const params = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } } } as const;
const body = {
  type: 'object',
  required: ['accountId'],
  additionalProperties: false,
  properties: {
    accountId: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,31}$', description: '接收工单的公众号（如区级账号）' },
    reason: { type: 'string', minLength: 1, maxLength: 300 },
  },
} as const;
const statsQuery = { type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } } as const;

/**
 * 转办 between accounts: a community account hands a ticket to the district. The ticket keeps
 * its number, citizen, deadline and history; the district dispatches it; the citizen is told,
 * and hears every later notice, through the community account.
 * Cross-account statistics: the super-admin reads every account; an account's admin reads its
 * own and the accounts whose tickets were transferred to it.
 */
export async function transferRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const tags = ['tickets'];

  app.post<{ Params: { id: number }; Body: { accountId: string; reason?: string } }>('/tickets/:id/transfer', { schema: { tags, summary: '转交其他公众号办理', description: '仅管理员；已办结等状态不可转交（409）。', params, body, response: { 200: ticketTransferredSchema } } }, async (request) => {
    const scope = scopeOf(request.operator);
    if (!scope.all) throw forbidden('transferring a ticket to another account needs the admin role');
    const target = request.body.accountId;
    if (target === request.accountId) throw badRequest('accountId', 'accountId must be another account');
    if (!(await deps.repo.accountExists(target))) throw badRequest('accountId', `account "${target}" does not exist`);
    const ticket = await deps.actions.visible(request.accountId, request.params.id, scope);
    if (!TRANSFERABLE.has(ticket.status)) throw conflict(`transfer: a ticket in status ${ticket.status} cannot be transferred`);
    const moved = await deps.repo.transfer(request.accountId, target, ticket.id, ticket.status, [
      { action: 'transfer', actor: request.operator.name, visibility: 'public', detail: { from: request.accountId, to: target, reason: request.body.reason ?? '' } },
    ]);
    if (!moved) throw conflict('transfer: the ticket was changed by someone else meanwhile; reload and retry');
    await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'transfer', resource: 'ticket', resourceId: ticket.id, detail: request.body });
    await deps.audit.record({ accountId: target, actor: request.operator.name, action: 'transfer-in', resource: 'ticket', resourceId: ticket.id, detail: { from: request.accountId } });
    const notification = await deps.notifier.notify(moved, statusNotice(moved, '您的诉求已转交上级部门统筹办理，答复期限不变。'), '已转上级部门办理');
    return { ...adminView(moved, await deps.deadlines.state(moved, new Date()), scope, true), accountId: moved.accountId, originAccountId: moved.originAccountId, notification };
  });

  app.get<{ Querystring: { from?: string; to?: string } }>('/tickets/stats/accounts', { schema: { tags, summary: '跨公众号工单统计', description: '仅管理员。', querystring: statsQuery, response: { 200: accountStatsSchema } } }, async (request: FastifyRequest<{ Querystring: { from?: string; to?: string } }>) => {
    const scope = scopeOf(request.operator);
    if (!scope.all) throw forbidden('statistics across accounts need the admin role');
    const accounts = request.operator.superAdmin
      ? await deps.repo.allAccounts()
      : [request.accountId, ...(await deps.repo.servedAccounts(request.accountId))];
    const now = new Date();
    const items: Array<{ accountId: string } & Awaited<ReturnType<typeof ticketStats>>> = [];
    for (const accountId of accounts) items.push({ accountId, ...(await ticketStats(deps.stats, accountId, request.query, scope, now)) });
    const sum = (pick: (s: (typeof items)[number]) => number) => items.reduce((n, s) => n + pick(s), 0);
    const closed = sum((s) => s.onTime.closed);
    const rated = sum((s) => s.satisfaction.rated);
    return {
      accounts: items,
      total: {
        tickets: sum((s) => s.total),
        onTime: { closedOnTime: sum((s) => s.onTime.closedOnTime), closed, rate: closed ? Math.round((sum((s) => s.onTime.closedOnTime) / closed) * 10_000) / 10_000 : null },
        satisfaction: { satisfied: sum((s) => s.satisfaction.satisfied), rated, rate: rated ? Math.round((sum((s) => s.satisfaction.satisfied) / rated) * 10_000) / 10_000 : null },
      },
    };
  });
}
