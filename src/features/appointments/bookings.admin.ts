import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { addDays, cstDate, cstInstant, isIsoDate } from '../../calendar/dates.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import type { PiiCipher } from '../../lib/pii.js';
import { bookingNoParamSchema, bookingQuerySchema, idParamSchema, revealBodySchema } from './appointments.schemas.js';
import { bookingResponses as r } from './appointments.responses.js';
import type { BookingRecord, BookingStatus } from './appointments.types.js';
import type { BookingFilter, BookingListRepository } from './booking-list.repository.js';
import { bookingScopeOf, canSeeBookingsOf, type BookingScope } from './booking-scope.js';
import type { BookingStatusRepository, ChangeOutcome } from './booking-status.repository.js';
import type { BookingRepository } from './bookings.repository.js';
import { maskedView, toCsv } from './bookings.view.js';
import type { ServiceRepository } from './services.repository.js';

interface Deps {
  services: ServiceRepository;
  bookings: BookingRepository;
  list: BookingListRepository;
  status: BookingStatusRepository;
  cipher: PiiCipher;
  audit: AuditRepository;
}

interface Query {
  service?: string;
  date?: string;
  status?: BookingStatus;
  bookingNo?: string;
  includeTest?: boolean;
  limit?: number;
  offset?: number;
}

const tags = ['appointments'];
const CSV_MAX_ROWS = 10_000;
/**
 * The list's filters, and `includeTest` for the simulator's test bookings (left out by
 * default). The CSV export is a real-world record and never carries them.
 */
const listQuerySchema = {
  ...bookingQuerySchema,
  properties: { ...bookingQuerySchema.properties, includeTest: { type: 'boolean', description: '包含模拟器产生的测试预约' } },
} as const;
const stateConflict = (message: string) => new AppError(409, 'INVALID_STATE', message);

/** `?service=&date=` (empty values) means no filter, as a form sends them. */
async function dropEmpty(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown>;
  for (const key of Object.keys(query)) if (query[key] === '') delete query[key];
}

/** `date=today` is the Beijing date now; any other value must be a real calendar date. */
async function resolveDate(request: FastifyRequest): Promise<void> {
  const query = request.query as Query;
  if (query.date === 'today') query.date = cstDate(new Date());
  else if (query.date !== undefined && !isIsoDate(query.date)) throw badRequest('date', 'date 须为 YYYY-MM-DD 格式的日期或 today');
}

const filterOf = (q: Query, limit: number, scope: BookingScope): BookingFilter => ({
  service: q.service,
  scope,
  day: q.date ? { from: cstInstant(q.date), to: cstInstant(addDays(q.date, 1)) } : undefined,
  status: q.status,
  bookingNo: q.bookingNo,
  includeTest: q.includeTest,
  limit,
  offset: q.offset ?? 0,
});

/** Bookings for operators: masked lists and CSV, check-in, no-show, and the audited reveal. */
export async function bookingRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { services, bookings, list, status, cipher, audit } = deps;
  const record = (request: FastifyRequest, action: string, id: number | undefined, detail?: unknown) =>
    audit.record({ accountId: request.accountId, actor: request.operator.name, action, resource: 'appointment', resourceId: id, detail });

  const scope = (request: FastifyRequest) => bookingScopeOf(request.operator);
  /** A booking outside the operator's scope looks absent: a handler learns nothing of other departments' bookings. */
  const visible = async (request: FastifyRequest, id: number): Promise<BookingRecord> => {
    const booking = await bookings.get(request.accountId, id);
    if (!booking || !canSeeBookingsOf(scope(request), await services.get(request.accountId, booking.serviceId))) throw notFound('appointment');
    return booking;
  };
  const view = async (accountId: string, booking: BookingRecord) => {
    const service = await services.get(accountId, booking.serviceId);
    return maskedView(booking, service ?? { code: '', name: '' }, cipher);
  };
  const settled = (outcome: ChangeOutcome, outOfTime: string) => {
    if (outcome.kind === 'not-found') throw notFound('appointment');
    if (outcome.kind === 'not-active') throw stateConflict(`the appointment is ${outcome.booking.status}, not booked`);
    if (outcome.kind === 'out-of-time') throw stateConflict(outOfTime);
    return outcome.booking;
  };

  app.get<{ Querystring: Query }>('/appointments', { preValidation: dropEmpty, preHandler: resolveDate, schema: { tags, summary: '列出预约（个人信息脱敏）', querystring: listQuerySchema, response: r.list } }, async (request) => {
    const { items, total } = await list.list(request.accountId, filterOf(request.query, request.query.limit ?? 100, scope(request)));
    return { items: items.map((b) => ({ ...maskedView(b, { code: b.serviceCode, name: b.serviceName }, cipher), test: b.test })), total };
  });

  app.get<{ Querystring: Query }>('/appointments.csv', { preValidation: dropEmpty, preHandler: resolveDate, schema: { tags, summary: '导出预约名单（CSV，个人信息脱敏）', querystring: bookingQuerySchema, response: r.csv } }, async (request, reply) => {
    const { items } = await list.list(request.accountId, filterOf(request.query, CSV_MAX_ROWS, scope(request)));
    const rows = items.map((b) => maskedView(b, { code: b.serviceCode, name: b.serviceName }, cipher));
    await record(request, 'export', undefined, { format: 'csv', rows: rows.length, filter: request.query });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="appointments${request.query.date ? `-${request.query.date}` : ''}.csv"`)
      .send(toCsv(rows));
  });

  /** A citizen checks in on the day of the booking only (Beijing date), not hours or days ahead. */
  const checkIn = async (request: FastifyRequest, existing: BookingRecord) => {
    const day = cstDate(existing.slotStart);
    const today = cstDate(new Date());
    if (existing.status === 'booked' && day !== today) {
      throw new AppError(409, 'NOT_BOOKING_DAY', `只能在预约当天签到：预约号 ${existing.bookingNo} 的预约日期是 ${day}，今天是 ${today}`, 'date');
    }
    const booking = settled(await status.checkIn(request.accountId, existing.id), '');
    await record(request, 'check-in', booking.id, { bookingNo: booking.bookingNo });
    return view(request.accountId, booking);
  };

  app.post<{ Params: { id: number } }>('/appointments/:id/check-in', { schema: { tags, summary: '签到（仅限预约当天）', params: idParamSchema, response: r.one } }, async (request) =>
    checkIn(request, await visible(request, request.params.id)),
  );

  app.post<{ Params: { bookingNo: string } }>(
    '/appointments/by-number/:bookingNo/check-in',
    { schema: { tags, summary: '按预约号签到（仅限预约当天）', params: bookingNoParamSchema, response: r.one } },
    async (request) => {
      // The operator names one booking: a simulator's test booking can be checked in too.
      const { items } = await list.list(request.accountId, filterOf({ bookingNo: request.params.bookingNo, includeTest: true }, 1, scope(request)));
      if (!items[0]) throw notFound('appointment');
      return checkIn(request, items[0]);
    },
  );

  app.post<{ Params: { id: number } }>('/appointments/:id/no-show', { schema: { tags, summary: '记为爽约（时段开始后）', params: idParamSchema, response: r.noShow } }, async (request) => {
    const existing = await visible(request, request.params.id);
    const service = await services.get(request.accountId, existing.serviceId);
    const { outcome, ban } = await status.markNoShow(request.accountId, existing.id, new Date(), service?.noShow);
    const booking = settled(outcome, 'the appointment slot has not started yet; a no-show can only be recorded once it has');
    await record(request, 'no-show', booking.id, ban ? { banUntil: ban.until.toISOString(), noShows: ban.noShows } : undefined);
    return { ...(await view(request.accountId, booking)), ban: ban ? { until: ban.until.toISOString(), noShows: ban.noShows, windowDays: ban.windowDays } : null };
  });

  app.post<{ Params: { id: number }; Body: { reason?: string } | null }>(
    '/appointments/:id/reveal',
    { schema: { tags, summary: '查看完整个人信息（须填写理由，记入审计）', params: idParamSchema, body: revealBodySchema, response: r.reveal } },
    async (request) => {
      const reason = request.body?.reason?.trim();
      if (!reason) throw badRequest('reason', '查看完整个人信息须填写理由（reason），理由将记入审计日志');
      const booking = await visible(request, request.params.id);
      const fields = booking.idNumberEnc ? ['name', 'phone', 'idNumber'] : ['name', 'phone'];
      // The audit entry says who looked at whose data and why, never the values.
      await record(request, 'reveal', booking.id, { fields, reason, bookingNo: booking.bookingNo });
      return {
        id: booking.id,
        bookingNo: booking.bookingNo,
        name: cipher.decrypt(booking.nameEnc),
        phone: cipher.decrypt(booking.phoneEnc),
        idNumber: booking.idNumberEnc ? cipher.decrypt(booking.idNumberEnc) : null,
      };
    },
  );
}
