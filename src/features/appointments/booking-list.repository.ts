import type { Db } from '../../infra/db.js';
import type { BookingRecord, BookingStatus } from './appointments.types.js';
import type { BookingScope } from './booking-scope.js';
import { toBooking, type BookingRow } from './bookings.repository.js';

export interface BookingFilter {
  /** A service id or code (digits match either). */
  service?: string;
  /** Beijing civil date of the slot, as [from, to) instants. */
  day?: { from: Date; to: Date };
  status?: BookingStatus;
  /** 预约号 as the citizen shows it (exact match). */
  bookingNo?: string;
  /** Include the simulator's test bookings (openIds `sim_…`, left out by default). */
  includeTest?: boolean;
  /** The operator's scope: a handler lists only the bookings of their department's services. */
  scope: BookingScope;
  limit: number;
  offset: number;
}

export interface ListedBooking extends BookingRecord {
  serviceCode: string;
  serviceName: string;
  /** Made by a simulator citizen. */
  test: boolean;
}

/** A simulator citizen's booking (bookings keep the plain openId). */
const TEST = `b.open_id LIKE 'sim\\_%'`;

/** Operators' view of bookings: filtered, newest slots last, personal data still encrypted. */
export function createBookingListRepository(db: Db) {
  const where = `b.account_id = $1
    AND (($2::bigint IS NULL AND $3::text IS NULL) OR b.service_id = $2 OR lower(s.code) = lower($3))
    AND ($4::timestamptz IS NULL OR b.slot_start >= $4) AND ($5::timestamptz IS NULL OR b.slot_start < $5)
    AND ($6::text IS NULL OR b.status = $6)
    AND ($7::boolean OR s.spec->>'department' = $8)
    AND ($9::text IS NULL OR b.booking_no = $9)
    AND ($10::boolean OR NOT ${TEST})`; // the simulator's test bookings (DELETE /admin/api/simulate/data removes them)
  const params = (accountId: string, f: BookingFilter) => {
    const byId = f.service !== undefined && /^\d{1,15}$/.test(f.service);
    return [accountId, byId ? Number(f.service) : null, f.service ?? null, f.day?.from ?? null, f.day?.to ?? null, f.status ?? null, f.scope.all, f.scope.department ?? null, f.bookingNo ?? null, f.includeTest ?? false];
  };
  return {
    async list(accountId: string, filter: BookingFilter): Promise<{ items: ListedBooking[]; total: number }> {
      const { rows } = await db.query<BookingRow & { service_code: string; service_name: string; total: number; test: boolean }>(
        `SELECT b.*, s.code AS service_code, s.name AS service_name, ${TEST} AS test, count(*) OVER ()::int AS total
         FROM appointment_bookings b JOIN appointment_services s ON s.id = b.service_id
         WHERE ${where}
         ORDER BY b.slot_start, b.id LIMIT $11 OFFSET $12`,
        [...params(accountId, filter), filter.limit, filter.offset],
      );
      let total = rows[0]?.total ?? 0;
      if (rows.length === 0 && filter.offset > 0) {
        const counted = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM appointment_bookings b JOIN appointment_services s ON s.id = b.service_id WHERE ${where}`,
          params(accountId, filter),
        );
        total = counted.rows[0]?.n ?? 0;
      }
      return { items: rows.map((r) => ({ ...toBooking(r), serviceCode: r.service_code, serviceName: r.service_name, test: r.test })), total };
    },
  };
}

export type BookingListRepository = ReturnType<typeof createBookingListRepository>;
