import type { Db } from '../../infra/db.js';
import type { AppointmentService, BookingRecord } from './appointments.types.js';
import type { BookingScope } from './booking-scope.js';
import { toBooking, type BookingRow, type Tx } from './bookings.repository.js';

/** A cancellation notice claimed for sending, with what its text and template need. */
export interface ClaimedNotice {
  booking: BookingRecord;
  day: string;
  reason: string;
  serviceName: string;
  service: Pick<AppointmentService, 'location' | 'resources'>;
}

/** Bookings of a day turned into a holiday, and the notices owed to their citizens. */
export function createDayCancelRepository(db: Db) {
  return {
    /**
     * Ids of the bookings still `booked` on a Beijing date whose slot has not started,
     * in the operator's scope; the simulator's test bookings are left out, as in the
     * calendar's list of affected bookings.
     */
    async bookedOn(accountId: string, day: string, scope: BookingScope, now: Date): Promise<number[]> {
      const { rows } = await db.query<{ id: number }>(
        `SELECT b.id::int AS id FROM appointment_bookings b JOIN appointment_services s ON s.id = b.service_id
         WHERE b.account_id = $1 AND b.status = 'booked' AND b.slot_start > $3
           AND (b.slot_start AT TIME ZONE 'Asia/Shanghai')::date = $2::date
           AND ($4::boolean OR s.spec->>'department' = $5)
           AND b.open_id NOT LIKE 'sim\\_%'
         ORDER BY b.slot_start, b.id`,
        [accountId, day, now, scope.all, scope.department ?? null],
      );
      return rows.map((r) => r.id);
    },

    /** Inside the cancellation's transaction: the notice exists exactly when the cancellation does. */
    async owe(tx: Tx, booking: BookingRecord, day: string, reason: string): Promise<void> {
      await tx.query(
        `INSERT INTO appointment_cancel_notices (booking_id, account_id, day, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (booking_id) DO NOTHING`,
        [booking.id, booking.accountId, day, reason],
      );
    },

    /** Notices of the day still to send (this request's, or left by an interrupted one). */
    async pending(accountId: string, day: string, scope: BookingScope): Promise<number[]> {
      const { rows } = await db.query<{ id: number }>(
        `SELECT n.booking_id::int AS id FROM appointment_cancel_notices n
         JOIN appointment_bookings b ON b.id = n.booking_id JOIN appointment_services s ON s.id = b.service_id
         WHERE n.account_id = $1 AND n.day = $2::date AND n.status = 'pending' AND ($3::boolean OR s.spec->>'department' = $4)
         ORDER BY b.slot_start, b.id`,
        [accountId, day, scope.all, scope.department ?? null],
      );
      return rows.map((r) => r.id);
    },

    /** Claims one notice: only one request or instance ever sends it. */
    async claim(bookingId: number): Promise<ClaimedNotice | undefined> {
      const { rows } = await db.query<BookingRow & { day: string; reason: string; service_name: string; spec: ClaimedNotice['service'] }>(
        `WITH n AS (
           UPDATE appointment_cancel_notices SET status = 'sending' WHERE booking_id = $1 AND status = 'pending'
           RETURNING booking_id, to_char(day, 'YYYY-MM-DD') AS day, reason
         )
         SELECT b.*, n.day, n.reason, s.name AS service_name, s.spec
         FROM n JOIN appointment_bookings b ON b.id = n.booking_id JOIN appointment_services s ON s.id = b.service_id`,
        [bookingId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return { booking: toBooking(row), day: row.day, reason: row.reason, serviceName: row.service_name, service: row.spec };
    },

    async markSent(bookingId: number, channel: 'text' | 'template'): Promise<void> {
      await db.query(`UPDATE appointment_cancel_notices SET status = 'sent', channel = $2, sent_at = now(), last_error = NULL WHERE booking_id = $1`, [bookingId, channel]);
    },

    async markUndelivered(bookingId: number, error: string): Promise<void> {
      await db.query(`UPDATE appointment_cancel_notices SET status = 'undelivered', last_error = $2 WHERE booking_id = $1`, [bookingId, error.slice(0, 500)]);
    },

    /**
     * The account's 预约变更 template id, set through `PUT /admin/api/notice-templates`
     * (kept with the other notice templates of the account; read only here).
     */
    async changeTemplateId(accountId: string): Promise<string | null> {
      const { rows } = await db.query<{ id: string | null }>(`SELECT notice_templates->>'bookingChange' AS id FROM reach_settings WHERE account_id = $1`, [accountId]);
      return rows[0]?.id || null;
    },
  };
}

export type DayCancelRepository = ReturnType<typeof createDayCancelRepository>;
