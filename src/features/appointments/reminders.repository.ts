import type { Db } from '../../infra/db.js';
import type { AppointmentService, BookingRecord } from './appointments.types.js';
import { toBooking, type BookingRow, type Tx } from './bookings.repository.js';

export interface NewReminder {
  accountId: string;
  bookingId: number;
  minutesBefore: number;
  dueAt: Date;
  jobId: string;
}

/** A reminder this worker has claimed, with what it needs to be written. */
export interface ClaimedReminder {
  id: number;
  minutesBefore: number;
  booking: BookingRecord;
  serviceName: string;
  service: Pick<AppointmentService, 'location' | 'whatToBring' | 'reminderTemplateId' | 'resources' | 'cancelDeadlineMinutes'>;
  accountTemplateId: string | null;
}

export function createReminderRepository(db: Db) {
  return {
    /** The schema this pool writes to (tests isolate each app in its own). */
    async currentSchema(): Promise<string> {
      const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
      return rows[0]!.schema;
    },

    /** Returns each reminder's id by its job id. */
    async insert(tx: Tx, reminders: NewReminder[]): Promise<Map<string, number>> {
      if (reminders.length === 0) return new Map();
      const { rows } = await tx.query<{ id: number; job_id: string }>(
        `INSERT INTO appointment_reminders (account_id, booking_id, minutes_before, due_at, job_id)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::timestamptz[], $5::uuid[])
         RETURNING id, job_id`,
        [reminders.map((r) => r.accountId), reminders.map((r) => r.bookingId), reminders.map((r) => r.minutesBefore), reminders.map((r) => r.dueAt), reminders.map((r) => r.jobId)],
      );
      return new Map(rows.map((r) => [r.job_id, r.id]));
    },

    /** Cancels the reminders still to send of a booking; returns their job ids. */
    async cancelForBooking(tx: Tx, bookingId: number): Promise<string[]> {
      const { rows } = await tx.query<{ job_id: string }>(
        `UPDATE appointment_reminders SET status = 'cancelled' WHERE booking_id = $1 AND status IN ('pending', 'sending') RETURNING job_id`,
        [bookingId],
      );
      return rows.map((r) => r.job_id);
    },

    /**
     * Claims a reminder for sending, only while its booking is still `booked` and its
     * slot has not started. The booking row is share-locked for the claim, so a
     * cancellation committing at the same moment is either seen here or waits for it.
     */
    async claim(id: number, now: Date): Promise<ClaimedReminder | undefined> {
      const claimed = await db.query<{ id: number; minutes_before: number }>(
        `WITH b AS (
           SELECT b.id FROM appointment_bookings b JOIN appointment_reminders r ON r.booking_id = b.id
           WHERE r.id = $1 AND b.status = 'booked' AND b.slot_start > $2 FOR SHARE OF b
         )
         UPDATE appointment_reminders r SET status = 'sending', attempts = r.attempts + 1
         FROM b WHERE r.id = $1 AND r.booking_id = b.id AND r.status IN ('pending', 'sending')
         RETURNING r.id, r.minutes_before`,
        [id, now],
      );
      if (!claimed.rows[0]) {
        await db.query(
          `UPDATE appointment_reminders r
           SET status = CASE WHEN b.status <> 'booked' THEN 'cancelled' ELSE 'failed' END,
               last_error = CASE WHEN b.status <> 'booked' THEN 'booking no longer active' ELSE 'slot already started' END
           FROM appointment_bookings b WHERE r.id = $1 AND b.id = r.booking_id AND r.status IN ('pending', 'sending')`,
          [id],
        );
        return undefined;
      }
      const { rows } = await db.query<BookingRow & { service_name: string; spec: ClaimedReminder['service']; account_template: string | null }>(
        `SELECT b.*, s.name AS service_name, s.spec, st.reminder_template_id AS account_template
         FROM appointment_reminders r
         JOIN appointment_bookings b ON b.id = r.booking_id
         JOIN appointment_services s ON s.id = b.service_id
         LEFT JOIN appointment_settings st ON st.account_id = b.account_id
         WHERE r.id = $1`,
        [id],
      );
      const row = rows[0]!;
      return {
        id,
        minutesBefore: claimed.rows[0].minutes_before,
        booking: toBooking(row),
        serviceName: row.service_name,
        service: row.spec,
        accountTemplateId: row.account_template,
      };
    },

    async markSent(id: number, channel: 'template' | 'text'): Promise<void> {
      await db.query(`UPDATE appointment_reminders SET status = 'sent', channel = $2, sent_at = now(), last_error = NULL WHERE id = $1 AND status = 'sending'`, [id, channel]);
    },

    /** `final`: no retry follows (a permanent WeChat error, or the last attempt). */
    async markFailed(id: number, error: string, final: boolean): Promise<void> {
      await db.query(
        `UPDATE appointment_reminders SET last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = $1 AND status = 'sending'`,
        [id, error.slice(0, 500), final],
      );
    },

    async forBooking(bookingId: number): Promise<Array<{ id: number; minutesBefore: number; dueAt: Date; status: string; jobId: string }>> {
      const { rows } = await db.query<{ id: number; minutes_before: number; due_at: Date; status: string; job_id: string }>(
        'SELECT id, minutes_before, due_at, status, job_id FROM appointment_reminders WHERE booking_id = $1 ORDER BY due_at',
        [bookingId],
      );
      return rows.map((r) => ({ id: r.id, minutesBefore: r.minutes_before, dueAt: r.due_at, status: r.status, jobId: r.job_id }));
    },
  };
}

export type ReminderRepository = ReturnType<typeof createReminderRepository>;
