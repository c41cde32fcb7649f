import type { Db } from '../infra/db.js';

export interface BookingOnDay {
  date: string;
  bookingNo: string;
  service: string;
  start: string;
}

/** Active bookings on given Beijing dates: a day turned into a holiday would strand them. */
export function createCalendarBookingsRepository(db: Db) {
  return {
    async bookingsOn(accountId: string, dates: string[]): Promise<BookingOnDay[]> {
      if (dates.length === 0) return [];
      const { rows } = await db.query<BookingOnDay>(
        `SELECT to_char(b.slot_start AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS date, b.booking_no AS "bookingNo", s.name AS service,
           to_char(b.slot_start AT TIME ZONE 'Asia/Shanghai', 'HH24:MI') AS start
         FROM appointment_bookings b JOIN appointment_services s ON s.id = b.service_id
         WHERE b.account_id = $1 AND b.status = 'booked' AND b.open_id NOT LIKE 'sim\\_%'
           AND (b.slot_start AT TIME ZONE 'Asia/Shanghai')::date = ANY($2::date[])
         ORDER BY b.slot_start, b.id LIMIT 500`,
        [accountId, dates],
      );
      return rows;
    },
  };
}

export type CalendarBookingsRepository = ReturnType<typeof createCalendarBookingsRepository>;
