import type { FastifyInstance } from 'fastify';
import type { CalendarDay } from '../calendar/calendar.repository.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { isIsoDate } from '../calendar/dates.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { badRequest, notFound } from '../lib/errors.js';

const dayItem = {
  type: 'object',
  required: ['date', 'kind'],
  properties: {
    date: { type: 'string', format: 'date', pattern: '^(?!0000-)' },
    kind: { type: 'string', enum: ['holiday', 'workday'] },
    name: { type: 'string', maxLength: 40 },
  },
} as const;

/** Holidays and 调休 working days, shared by every date computation. */
export async function calendarRoutes(app: FastifyInstance, { calendar, audit }: { calendar: CalendarService; audit: AuditRepository }): Promise<void> {
  const tags = ['calendar'];
  app.post<{ Body: CalendarDay | { days: CalendarDay[] } }>(
    '/calendar',
    { schema: { tags, body: { oneOf: [dayItem, { type: 'object', required: ['days'], properties: { days: { type: 'array', minItems: 1, maxItems: 400, items: dayItem } } }] } } },
    async (request, reply) => {
      const days = ('days' in request.body ? request.body.days : [request.body]).map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? '' }));
      await calendar.upsert(request.accountId, days);
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'upsert', resource: 'calendar', detail: days });
      return reply.code(201).send({ items: days });
    },
  );
  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/calendar',
    { schema: { tags, querystring: { type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } } } },
    async (request) => ({ items: await calendar.list(request.accountId, request.query.from, request.query.to) }),
  );
  app.delete<{ Params: { date: string } }>('/calendar/:date', { schema: { tags } }, async (request, reply) => {
    if (!isIsoDate(request.params.date)) throw badRequest('date', 'date must be YYYY-MM-DD');
    if (!(await calendar.remove(request.accountId, request.params.date))) throw notFound('calendar day');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'calendar', resourceId: request.params.date });
    return reply.code(204).send();
  });
}
