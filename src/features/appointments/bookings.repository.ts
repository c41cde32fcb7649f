import type pg from 'pg';
import type { Db } from '../../infra/db.js';
import type { BookingRecord, BookingStatus } from './appointments.types.js';

export type Tx = pg.PoolClient;

export interface BookingRow {
  id: number;
  account_id: string;
  service_id: number;
  resource_code: string;
  booking_no: string;
  open_id: string;
  slot_start: Date;
  slot_end: Date;
  status: BookingStatus;
  name_enc: string;
  phone_enc: string;
  id_number_enc: string | null;
  created_at: Date;
  cancelled_at: Date | null;
  checked_in_at: Date | null;
  no_show_at: Date | null;
}

export const toBooking = (r: BookingRow): BookingRecord => ({
  id: r.id,
  accountId: r.account_id,
  serviceId: r.service_id,
  resourceCode: r.resource_code,
  bookingNo: r.booking_no,
  openId: r.open_id,
  slotStart: r.slot_start,
  slotEnd: r.slot_end,
  status: r.status,
  nameEnc: r.name_enc,
  phoneEnc: r.phone_enc,
  idNumberEnc: r.id_number_enc,
  createdAt: r.created_at,
  cancelledAt: r.cancelled_at,
  checkedInAt: r.checked_in_at,
  noShowAt: r.no_show_at,
});

const COUNTED = `status IN ('booked', 'checked_in', 'no_show')`;

/** The booking a confirmation made: by its draft, or by the delivery that confirmed it (which names the sender). */
export async function findByRequest(q: Db | Tx, accountId: string, requestKey: string, deliveryKey: string | null): Promise<BookingRecord | undefined> {
  const { rows } = await q.query<BookingRow>(
    'SELECT * FROM appointment_bookings WHERE account_id = $1 AND (request_key = $2 OR ($3::text IS NOT NULL AND delivery_key = $3))',
    [accountId, requestKey, deliveryKey],
  );
  return rows[0] && toBooking(rows[0]);
}

export async function activeBan(q: Db | Tx, serviceId: number, personHash: string, now: Date) {
  const { rows } = await q.query<{ banned_until: Date; no_shows: number; window_days: number }>(
    'SELECT banned_until, no_shows, window_days FROM appointment_bans WHERE service_id = $1 AND person_hash = $2 AND banned_until > $3',
    [serviceId, personHash, now],
  );
  const ban = rows[0];
  return ban && { until: ban.banned_until, noShows: ban.no_shows, windowDays: ban.window_days };
}

/** A person's bookings of a service on one day; `resourceCode` narrows to one department or doctor. */
export async function personDayCount(q: Db | Tx, serviceId: number, resourceCode: string | null, personHash: string, dayStart: Date, dayEnd: Date): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM appointment_bookings
     WHERE service_id = $1 AND ($2::text IS NULL OR resource_code = $2) AND person_hash = $3 AND slot_start >= $4 AND slot_start < $5 AND ${COUNTED}`,
    [serviceId, resourceCode, personHash, dayStart, dayEnd],
  );
  return rows[0]?.n ?? 0;
}

export function createBookingRepository(db: Db) {
  return {
    findByRequest: (accountId: string, requestKey: string, deliveryKey: string | null) => findByRequest(db, accountId, requestKey, deliveryKey),
    activeBan: (serviceId: number, personHash: string, now: Date) => activeBan(db, serviceId, personHash, now),
    personDayCount: (serviceId: number, resourceCode: string | null, personHash: string, dayStart: Date, dayEnd: Date) =>
      personDayCount(db, serviceId, resourceCode, personHash, dayStart, dayEnd),

    /** Places taken per slot start (epoch ms) of a bookable between two instants. */
    async bookedCounts(serviceId: number, resourceCode: string, from: Date, to: Date): Promise<Map<number, number>> {
      const { rows } = await db.query<{ slot_start: Date; booked: number }>(
        `SELECT slot_start, booked FROM appointment_slots
         WHERE service_id = $1 AND resource_code = $2 AND slot_start >= $3 AND slot_start < $4`,
        [serviceId, resourceCode, from, to],
      );
      return new Map(rows.map((r) => [r.slot_start.getTime(), r.booked]));
    },

    async get(accountId: string, id: number): Promise<BookingRecord | undefined> {
      const { rows } = await db.query<BookingRow>('SELECT * FROM appointment_bookings WHERE account_id = $1 AND id = $2', [accountId, id]);
      return rows[0] && toBooking(rows[0]);
    },

    async findMine(accountId: string, openId: string, bookingNo: string): Promise<BookingRecord | undefined> {
      const { rows } = await db.query<BookingRow>(
        'SELECT * FROM appointment_bookings WHERE account_id = $1 AND open_id = $2 AND booking_no = $3',
        [accountId, openId, bookingNo],
      );
      return rows[0] && toBooking(rows[0]);
    },

    /** A citizen's bookings still to come, soonest first. */
    async listUpcoming(accountId: string, openId: string, now: Date, limit = 9): Promise<BookingRecord[]> {
      const { rows } = await db.query<BookingRow>(
        `SELECT * FROM appointment_bookings WHERE account_id = $1 AND open_id = $2 AND status = 'booked' AND slot_end > $3
         ORDER BY slot_start, id LIMIT $4`,
        [accountId, openId, now, limit],
      );
      return rows.map(toBooking);
    },
  };
}

export type BookingRepository = ReturnType<typeof createBookingRepository>;
