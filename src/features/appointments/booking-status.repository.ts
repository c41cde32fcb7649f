import type { Db } from '../../infra/db.js';
import type { BookingRecord, NoShowPolicy } from './appointments.types.js';
import { toBooking, type BookingRow, type Tx } from './bookings.repository.js';

export type ChangeOutcome =
  | { kind: 'done'; booking: BookingRecord }
  | { kind: 'not-found' }
  /** Not in status `booked` any more (already cancelled, checked in, no-show). */
  | { kind: 'not-active'; booking: BookingRecord }
  /** Cancel: past the deadline. No-show: the slot has not started yet. */
  | { kind: 'out-of-time'; booking: BookingRecord };

export interface Ban {
  until: Date;
  noShows: number;
  windowDays: number;
}

/** Why a change did not apply; a cancellation already made by this same delivery is its own answer again. */
async function explain(q: Db | Tx, accountId: string, id: number, openId: string | null, deliveryKey: string | null = null): Promise<ChangeOutcome> {
  const { rows } = await q.query<BookingRow & { cancel_delivery_key: string | null }>(
    'SELECT * FROM appointment_bookings WHERE account_id = $1 AND id = $2 AND ($3::text IS NULL OR open_id = $3)',
    [accountId, id, openId],
  );
  if (!rows[0]) return { kind: 'not-found' };
  const booking = toBooking(rows[0]);
  if (deliveryKey !== null && rows[0].cancel_delivery_key === deliveryKey) return { kind: 'done', booking };
  return booking.status === 'booked' ? { kind: 'out-of-time', booking } : { kind: 'not-active', booking };
}

/** Changes of a booking's status, each one conditional on the status it leaves. */
export function createBookingStatusRepository(db: Db) {
  return {
    /**
     * Cancels a booking still `booked` whose slot starts after `startsAfter` (now plus
     * the cancellation deadline), and returns its place to the slot in the same
     * transaction: the place is free again at once.
     */
    async cancel(
      accountId: string,
      id: number,
      options: { openId: string | null; startsAfter: Date; deliveryKey?: string | null },
      withinTransaction: (tx: Tx, booking: BookingRecord) => Promise<void>,
    ): Promise<ChangeOutcome> {
      const tx = await db.connect();
      try {
        await tx.query('BEGIN');
        const { rows } = await tx.query<BookingRow>(
          `UPDATE appointment_bookings SET status = 'cancelled', cancelled_at = now(), cancel_delivery_key = $5
           WHERE account_id = $1 AND id = $2 AND ($3::text IS NULL OR open_id = $3) AND status = 'booked' AND slot_start > $4
           RETURNING *`,
          [accountId, id, options.openId, options.startsAfter, options.deliveryKey ?? null],
        );
        if (!rows[0]) {
          const outcome = await explain(tx, accountId, id, options.openId, options.deliveryKey ?? null);
          await tx.query('ROLLBACK');
          return outcome;
        }
        const booking = toBooking(rows[0]);
        await tx.query(
          `UPDATE appointment_slots SET booked = booked - 1
           WHERE service_id = $1 AND resource_code = $2 AND slot_start = $3 AND booked > 0`,
          [booking.serviceId, booking.resourceCode, booking.slotStart],
        );
        await withinTransaction(tx, booking);
        await tx.query('COMMIT');
        return { kind: 'done', booking };
      } catch (err) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        tx.release();
      }
    },

    async checkIn(accountId: string, id: number): Promise<ChangeOutcome> {
      const { rows } = await db.query<BookingRow>(
        `UPDATE appointment_bookings SET status = 'checked_in', checked_in_at = now()
         WHERE account_id = $1 AND id = $2 AND status = 'booked' RETURNING *`,
        [accountId, id],
      );
      return rows[0] ? { kind: 'done', booking: toBooking(rows[0]) } : explain(db, accountId, id, null);
    },

    /**
     * Marks a booking whose slot has started as a no-show; when the person reaches the
     * service's threshold within its window, their bookings are suspended for banDays.
     */
    async markNoShow(accountId: string, id: number, now: Date, policy?: NoShowPolicy): Promise<{ outcome: ChangeOutcome; ban?: Ban }> {
      const tx = await db.connect();
      try {
        await tx.query('BEGIN');
        const { rows } = await tx.query<BookingRow & { person_hash: string }>(
          `UPDATE appointment_bookings SET status = 'no_show', no_show_at = now()
           WHERE account_id = $1 AND id = $2 AND status = 'booked' AND slot_start <= $3 RETURNING *`,
          [accountId, id, now],
        );
        const row = rows[0];
        if (!row) {
          const outcome = await explain(tx, accountId, id, null);
          await tx.query('ROLLBACK');
          return { outcome };
        }
        let ban: Ban | undefined;
        if (policy) {
          const counted = await tx.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM appointment_bookings
             WHERE service_id = $1 AND person_hash = $2 AND status = 'no_show' AND slot_start > $3::timestamptz - make_interval(days => $4)`,
            [row.service_id, row.person_hash, now, policy.windowDays],
          );
          const noShows = counted.rows[0]?.n ?? 0;
          if (noShows >= policy.threshold) {
            const { rows: bans } = await tx.query<{ banned_until: Date }>(
              `INSERT INTO appointment_bans (account_id, service_id, person_hash, banned_until, no_shows, window_days)
               VALUES ($1, $2, $3, $4::timestamptz + make_interval(days => $5), $6, $7)
               ON CONFLICT (service_id, person_hash) DO UPDATE
                 SET banned_until = GREATEST(appointment_bans.banned_until, EXCLUDED.banned_until), no_shows = EXCLUDED.no_shows,
                     window_days = EXCLUDED.window_days
               RETURNING banned_until`,
              [accountId, row.service_id, row.person_hash, now, policy.banDays, noShows, policy.windowDays],
            );
            ban = { until: bans[0]!.banned_until, noShows, windowDays: policy.windowDays };
          }
        }
        await tx.query('COMMIT');
        return { outcome: { kind: 'done', booking: toBooking(row) }, ban };
      } catch (err) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        tx.release();
      }
    },
  };
}

export type BookingStatusRepository = ReturnType<typeof createBookingStatusRepository>;
