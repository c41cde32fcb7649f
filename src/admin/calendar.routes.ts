import type { FastifyInstance } from 'fastify';
import type { CalendarBookingsRepository } from '../calendar/calendar-bookings.repository.js';
import type { CalendarDay } from '../calendar/calendar.repository.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { isIsoDate } from '../calendar/dates.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { itemsOf, noContent, obj, str } from '../lib/responses.js';
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

const daysResponse = itemsOf(obj({ date: str, kind: { type: 'string', enum: ['holiday', 'workday'] }, name: str }), {}, '节假日与调休上班日');

/** Holidays and 调休 working days, shared by every date computation. */
export async function calendarRoutes(
  app: FastifyInstance,
  { calendar, audit, bookings }: { calendar: CalendarService; audit: AuditRepository; bookings?: CalendarBookingsRepository },
): Promise<void> {
  const tags = ['calendar'];
  app.post<{ Body: CalendarDay | { days: CalendarDay[] }; Querystring: { confirm?: boolean } }>(
    '/calendar',
    {
      schema: {
        tags,
        summary: '设置节假日或调休上班日（可批量）',
        description: '设置节假日（holiday）或调休上班日（workday）。若设为节假日的日期已有预约，返回 409 BOOKINGS_ON_HOLIDAY 并列出受影响的预约；确认后以 ?confirm=true 重新提交。',
        querystring: { type: 'object', properties: { confirm: { type: 'boolean', description: '已知晓当天有预约，仍设为节假日' } } },
        body: { oneOf: [dayItem, { type: 'object', required: ['days'], properties: { days: { type: 'array', minItems: 1, maxItems: 400, items: dayItem } } }] },
        response: { 201: daysResponse },
      },
    },
    async (request, reply) => {
      const days = ('days' in request.body ? request.body.days : [request.body]).map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? '' }));
      const holidays = days.filter((d) => d.kind === 'holiday').map((d) => d.date);
      const affected = bookings && !request.query.confirm ? await bookings.bookingsOn(request.accountId, holidays) : [];
      if (affected.length > 0) {
        return reply.code(409).send({
          error: { code: 'BOOKINGS_ON_HOLIDAY', message: `设为节假日的日期已有 ${affected.length} 个预约，请先处理这些预约，或确认后重新提交（confirm=true）`, field: 'date' },
          bookings: affected,
        });
      }
      await calendar.upsert(request.accountId, days);
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'upsert', resource: 'calendar', detail: days });
      return reply.code(201).send({ items: days });
    },
  );
  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/calendar',
    {
      schema: {
        tags,
        summary: '列出节假日与调休上班日（可按日期范围）',
        querystring: { type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } },
        response: { 200: daysResponse },
      },
    },
    async (request) => ({ items: await calendar.list(request.accountId, request.query.from, request.query.to) }),
  );
  app.delete<{ Params: { date: string } }>('/calendar/:date', { schema: { tags, summary: '删除某日的节假日/调休设置', response: { 204: noContent } } }, async (request, reply) => {
    if (!isIsoDate(request.params.date)) throw badRequest('date', 'date must be YYYY-MM-DD');
    if (!(await calendar.remove(request.accountId, request.params.date))) throw notFound('calendar day');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'calendar', resourceId: request.params.date });
    return reply.code(204).send();
  });
}
