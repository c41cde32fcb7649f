import type { Db } from '../../infra/db.js';
import type { BookingRecord } from './appointments.types.js';
import { activeBan, findByRequest, personDayCount, toBooking, type BookingRow, type Tx } from './bookings.repository.js';

export interface ConfirmParams {
  accountId: string;
  serviceId: number;
  resourceCode: string;
  slotStart: Date;
  slotEnd: Date;
  /** Places offered in this slot by the current schedule. */
  capacity: number;
  openId: string;
  nameEnc: string;
  phoneEnc: string;
  idNumberEnc: string | null;
  personHash: string;
  requestKey: string;
  msgId: string | null;
  /** The delivery that confirms: unique, so a repeated delivery finds this booking. */
  deliveryKey: string | null;
  now: Date;
  /** `resourceCode`: the limit counts one department/doctor only (hospitals); null: the whole service. */
  perPersonPerDay?: { limit: number; resourceCode: string | null; dayStart: Date; dayEnd: Date };
  newBookingNo(): string;
  /** Runs inside the booking's transaction (reminder rows and their jobs). */
  withinTransaction(tx: Tx, booking: BookingRecord): Promise<void>;
}

export type ConfirmOutcome =
  | { kind: 'booked' | 'existing'; booking: BookingRecord }
  | { kind: 'full' }
  | { kind: 'banned'; until: Date; noShows: number; windowDays: number }
  | { kind: 'limit'; limit: number };

/**
 * One booking, all or nothing. The place is taken by a single conditional upsert on
 * the slot row (`booked < capacity`), so hundreds confirming the last place at once
 * get exactly the places there are; the per-person count runs under an advisory lock
 * on (service, person, day) so two concurrent bookings of one person cannot both pass.
 */
async function confirm(db: Db, p: ConfirmParams): Promise<ConfirmOutcome> {
  const tx = await db.connect();
  try {
    await tx.query('BEGIN');
    const existing = await findByRequest(tx, p.accountId, p.requestKey, p.deliveryKey);
    if (existing) {
      await tx.query('COMMIT');
      return { kind: 'existing', booking: existing };
    }
    // A refusal is re-checked against the same confirmation committed meanwhile (a retry
    // that waited for the first one's locks must hear "booked", not "full").
    const refuse = async (outcome: ConfirmOutcome): Promise<ConfirmOutcome> => {
      const same = await findByRequest(tx, p.accountId, p.requestKey, p.deliveryKey);
      await tx.query('ROLLBACK');
      return same ? { kind: 'existing', booking: same } : outcome;
    };
    // A plain read first: once a slot has sold out, the rest of a rush is answered
    // without writing anything. The conditional upsert at the end is the real guard.
    const seen = await tx.query<{ booked: number }>(
      'SELECT booked FROM appointment_slots WHERE service_id = $1 AND resource_code = $2 AND slot_start = $3',
      [p.serviceId, p.resourceCode, p.slotStart],
    );
    if ((seen.rows[0]?.booked ?? 0) >= p.capacity) return await refuse({ kind: 'full' });
    const ban = await activeBan(tx, p.serviceId, p.personHash, p.now);
    if (ban) return await refuse({ kind: 'banned', ...ban });
    if (p.perPersonPerDay) {
      const { limit, resourceCode, dayStart, dayEnd } = p.perPersonPerDay;
      const key = `appointment:${p.serviceId}:${resourceCode ?? '*'}:${p.personHash}:${dayStart.toISOString()}`;
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
      if ((await personDayCount(tx, p.serviceId, resourceCode, p.personHash, dayStart, dayEnd)) >= limit) return await refuse({ kind: 'limit', limit });
    }
    let booking: BookingRecord | undefined;
    for (let attempt = 0; attempt < 5 && !booking; attempt++) {
      const { rows } = await tx.query<BookingRow>(
        `INSERT INTO appointment_bookings (account_id, service_id, resource_code, booking_no, open_id, slot_start, slot_end,
           name_enc, phone_enc, id_number_enc, person_hash, request_key, msg_id, delivery_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT DO NOTHING RETURNING *`,
        [p.accountId, p.serviceId, p.resourceCode, p.newBookingNo(), p.openId, p.slotStart, p.slotEnd, p.nameEnc, p.phoneEnc, p.idNumberEnc, p.personHash, p.requestKey, p.msgId, p.deliveryKey],
      );
      if (rows[0]) booking = toBooking(rows[0]);
      else {
        // Nothing inserted: either the same confirmation committed meanwhile, or the booking number collided.
        const same = await findByRequest(tx, p.accountId, p.requestKey, p.deliveryKey);
        if (same) {
          await tx.query('ROLLBACK');
          return { kind: 'existing', booking: same };
        }
      }
    }
    if (!booking) throw new Error('could not allocate a unique booking number');
    await p.withinTransaction(tx, booking);
    // Last, so the slot row stays locked only from here to COMMIT: under a rush, the
    // hot row is held for one statement and the commit, not for the whole booking.
    const taken = await tx.query(
      `INSERT INTO appointment_slots (account_id, service_id, resource_code, slot_start, slot_end, capacity, booked)
       VALUES ($1, $2, $3, $4, $5, $6, 1)
       ON CONFLICT (service_id, resource_code, slot_start) DO UPDATE
         SET booked = appointment_slots.booked + 1, capacity = EXCLUDED.capacity
         WHERE appointment_slots.booked < EXCLUDED.capacity
       RETURNING booked`,
      [p.accountId, p.serviceId, p.resourceCode, p.slotStart, p.slotEnd, p.capacity],
    );
    if (taken.rowCount === 0) {
      await tx.query('ROLLBACK');
      return { kind: 'full' };
    }
    await tx.query('COMMIT');
    return { kind: 'booked', booking };
  } catch (err) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    tx.release();
  }
}

export const createBookingConfirmRepository = (db: Db) => ({ confirm: (params: ConfirmParams) => confirm(db, params) });

export type BookingConfirmRepository = ReturnType<typeof createBookingConfirmRepository>;
