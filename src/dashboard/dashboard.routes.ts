import type { FastifyInstance } from 'fastify';
import { parseBound, startOfTodayCst } from '../inbox/bounds.js';
import type { DashboardRepository } from './dashboard.repository.js';

const TOP = 10;

/** 工作台: today's figures, messages per day, and the questions nothing answered. */
export async function dashboardRoutes(app: FastifyInstance, { repo }: { repo: DashboardRepository }): Promise<void> {
  app.get('/dashboard', { schema: { tags: ['dashboard'], summary: '工作台：今日消息、工单、预约、热门关键词与未匹配问题' } }, async (request) => {
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
      },
    },
    async (request) => ({ days: await repo.perDay(request.accountId, request.query.days) }),
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
      },
    },
    async (request) => {
      const q = request.query;
      const from = parseBound(q.from, 'from', 'start') ?? new Date(startOfTodayCst().getTime() - (q.days - 1) * 24 * 3600_000);
      return { items: await repo.unmatched(request.accountId, from, parseBound(q.to, 'to', 'end'), q.limit) };
    },
  );
}
