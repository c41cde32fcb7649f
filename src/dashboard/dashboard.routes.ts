import type { FastifyInstance } from 'fastify';
import { parseBound, startOfTodayCst } from '../inbox/bounds.js';
import { dashboardResponse, statsResponses } from './dashboard.responses.js';
import type { DashboardRepository } from './dashboard.repository.js';

const TOP = 10;

/** 工作台: today's figures, messages per day, and the questions nothing answered. */
export async function dashboardRoutes(app: FastifyInstance, { repo }: { repo: DashboardRepository }): Promise<void> {
  app.get('/dashboard', { schema: { tags: ['dashboard'], summary: '工作台：今日消息、工单、预约、热门关键词与未匹配问题', response: dashboardResponse } }, async (request) => {
    const today = startOfTodayCst();
    const accountId = request.accountId;
    const [messages, tickets, bookingsToday, topKeywords, topUnmatched] = await Promise.all([
      repo.messagesSince(accountId, today),
      repo.tickets(accountId),
      repo.bookingsToday(accountId),
      repo.topKeywords(accountId, today, TOP),
      repo.unmatched(accountId, today, undefined, TOP),
    ]);
    return { today: messages, tickets, bookingsToday, topKeywords, topUnmatched };
  });

  app.get<{ Querystring: { days: number } }>(
    '/stats/messages',
    {
      schema: {
        tags: ['dashboard'],
        summary: '每日消息数（按规则、搜索、未答复分类）',
        querystring: { type: 'object', additionalProperties: false, properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } } },
        response: statsResponses.messages,
      },
    },
    async (request) => ({ days: await repo.perDay(request.accountId, request.query.days) }),
  );

  const period = {
    type: 'object',
    additionalProperties: false,
    properties: {
      from: { type: 'string', minLength: 10, maxLength: 35, description: '起始日期（含），默认 30 天前' },
      to: { type: 'string', minLength: 10, maxLength: 35, description: '截止日期（含），默认今天' },
    },
  } as const;
  const bounds = (q: { from?: string; to?: string }) => ({
    from: parseBound(q.from, 'from', 'start') ?? new Date(startOfTodayCst().getTime() - 29 * 24 * 3600_000),
    to: parseBound(q.to, 'to', 'end') ?? new Date(startOfTodayCst().getTime() + 24 * 3600_000),
  });

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/stats/bookings',
    { schema: { tags: ['dashboard'], summary: '预约使用情况：按事项统计签到、爽约、取消', querystring: period, response: statsResponses.bookings } },
    async (request) => {
      const { from, to } = bounds(request.query);
      const items = await repo.bookings(request.accountId, from, to);
      const sum = (k: 'total' | 'checkedIn' | 'noShow' | 'cancelled') => items.reduce((n, i) => n + i[k], 0);
      const settled = sum('checkedIn') + sum('noShow');
      return { items, total: sum('total'), checkedIn: sum('checkedIn'), noShow: sum('noShow'), cancelled: sum('cancelled'), noShowRate: settled === 0 ? null : Math.round((sum('noShow') / settled) * 10_000) / 10_000 };
    },
  );

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/stats/rules',
    { schema: { tags: ['dashboard'], summary: '群众消息按答复规则统计（最多 20 条）', querystring: period, response: statsResponses.rules } },
    async (request) => {
      const { from, to } = bounds(request.query);
      return { items: await repo.rules(request.accountId, from, to, 20) };
    },
  );

  app.get<{ Querystring: { from?: string; to?: string; days: number; limit: number } }>(
    '/stats/unmatched',
    {
      schema: {
        tags: ['dashboard'],
        summary: '未匹配的问题（按时间段），含是否已解决',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: { type: 'string', minLength: 10, maxLength: 35 },
            to: { type: 'string', minLength: 10, maxLength: 35 },
            days: { type: 'integer', minimum: 1, maximum: 366, default: 7 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: statsResponses.unmatched,
      },
    },
    async (request) => {
      const q = request.query;
      const from = parseBound(q.from, 'from', 'start') ?? new Date(startOfTodayCst().getTime() - (q.days - 1) * 24 * 3600_000);
      return { items: await repo.unmatched(request.accountId, from, parseBound(q.to, 'to', 'end'), q.limit) };
    },
  );
}
