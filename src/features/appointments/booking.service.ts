import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { addDays, cstInstant } from '../../calendar/dates.js';
import { maskOpenId } from '../../lib/mask.js';
import type { PiiCipher } from '../../lib/pii.js';
import type { AppointmentService, BookingRecord, Person } from './appointments.types.js';
import type { Availability, SlotOption } from './availability.js';
import type { BookingStatusRepository, ChangeOutcome } from './booking-status.repository.js';
import type { BookingConfirmRepository } from './booking-confirm.repository.js';
import type { BookingRepository, Tx } from './bookings.repository.js';
import type { ReminderQueue } from './reminder-queue.js';
import type { ReminderRepository } from './reminders.repository.js';
import { bookablesOf, type Bookable } from './slots.js';
import type { ServiceRepository } from './services.repository.js';

export interface BookingDeps {
  services: ServiceRepository;
  bookings: BookingRepository;
  confirmations: BookingConfirmRepository;
  status: BookingStatusRepository;
  reminders: ReminderRepository;
  queue: ReminderQueue;
  availability: Availability;
  cipher: PiiCipher;
  log: Logger;
}

export interface ConfirmInput {
  accountId: string;
  openId: string;
  serviceId: number;
  resourceCode: string;
  date: string;
  start: string;
  person: Person;
  /** The conversation draft: a repeated confirmation of it books once. */
  requestKey: string;
  msgId: string | null;
  /** The confirming delivery (MessageContext.deliveryKey): a repeated delivery books once. */
  deliveryKey?: string | null;
  now: Date;
}

export type Refusal =
  | { kind: 'banned'; until: Date; noShows: number; windowDays: number }
  | { kind: 'limit'; limit: number; date: string };

export type ConfirmResult =
  | { kind: 'booked' | 'existing'; booking: BookingRecord; bookable: Bookable }
  | { kind: 'full'; alternatives: SlotOption[] }
  /** The slot is no longer offered (started, out of the window, schedule changed). */
  | { kind: 'gone' }
  | Refusal;

const PERSON_HASH = 'appointment-person';
/** 8 digits, never starting with 0: easy to read out and to type on a phone keypad. */
const newBookingNo = () => String(randomInt(10_000_000, 100_000_000));

export function findBookable(service: AppointmentService, resourceCode: string): Bookable | undefined {
  return bookablesOf(service).find((b) => (b.resource?.code ?? '') === resourceCode);
}

/** Booking, cancelling and the rules around them; personal data is encrypted before it leaves here. */
export class BookingService {
  constructor(private readonly deps: BookingDeps) {}

  personHash(service: AppointmentService, person: Person): string {
    return this.deps.cipher.hash(PERSON_HASH, service.requireIdNumber && person.idNumber ? person.idNumber : person.phone);
  }

  /**
   * perPersonPerDay counts the whole service for a hall, and one department or doctor
   * for a hospital (a patient may see two departments on one day, not one twice).
   */
  limitScope(service: AppointmentService, resourceCode: string): string | null {
    return service.kind === 'hospital' && resourceCode ? resourceCode : null;
  }

  /** Tells a banned or over-limit citizen before they confirm (confirm checks again, atomically). */
  async precheck(service: AppointmentService, resourceCode: string, person: Person, date: string, now: Date): Promise<Refusal | undefined> {
    const hash = this.personHash(service, person);
    const ban = await this.deps.bookings.activeBan(service.id, hash, now);
    if (ban) return { kind: 'banned', ...ban };
    const limit = service.perPersonPerDay;
    const scope = this.limitScope(service, resourceCode);
    if (limit && (await this.deps.bookings.personDayCount(service.id, scope, hash, cstInstant(date), cstInstant(addDays(date, 1)))) >= limit) {
      return { kind: 'limit', limit, date };
    }
    return undefined;
  }

  async confirm(input: ConfirmInput): Promise<ConfirmResult> {
    const service = await this.deps.services.get(input.accountId, input.serviceId);
    const bookable = service && findBookable(service, input.resourceCode);
    if (!service || !bookable || service.enabled === false) return { kind: 'gone' };
    // A confirmation already made (a second tap on "1", a redelivery) is that booking, even
    // when it took the slot's last place: the sold-out answers below are for everyone else.
    const made = () => this.deps.bookings.findByRequest(input.accountId, input.requestKey, input.deliveryKey ?? null);
    const before = await made();
    if (before) return { kind: 'existing', booking: before, bookable };
    const slot = await this.deps.availability.offered(input.accountId, bookable, input.date, input.start, input.now);
    // Cheap early answers (no longer offered, sold out); the conditional upsert below is the real guard.
    // The same confirmation may have committed on another instance since the check above, taking the
    // last place: read after the slot, it is seen whenever it is what filled the slot.
    if (!slot || slot.free === 0) {
      const meanwhile = await made();
      if (meanwhile) return { kind: 'existing', booking: meanwhile, bookable };
      if (!slot) return { kind: 'gone' };
    }
    const alternatives = () => this.deps.availability.nearestFree(input.accountId, bookable, slot.startsAt, input.now);
    if (slot.free === 0) return { kind: 'full', alternatives: await alternatives() };

    const { cipher, queue, reminders } = this.deps;
    await queue.ready();
    const due = (service.reminderMinutesBefore ?? [])
      .map((minutes) => ({ minutes, dueAt: new Date(slot.startsAt.getTime() - minutes * 60_000) }))
      .filter((r) => r.dueAt > input.now);
    const outcome = await this.deps.confirmations.confirm({
      accountId: input.accountId,
      serviceId: service.id,
      resourceCode: input.resourceCode,
      slotStart: slot.startsAt,
      slotEnd: slot.endsAt,
      capacity: slot.capacity,
      openId: input.openId,
      nameEnc: cipher.encrypt(input.person.name),
      phoneEnc: cipher.encrypt(input.person.phone),
      idNumberEnc: input.person.idNumber ? cipher.encrypt(input.person.idNumber) : null,
      personHash: this.personHash(service, input.person),
      requestKey: input.requestKey,
      msgId: input.msgId,
      deliveryKey: input.deliveryKey ?? null,
      now: input.now,
      perPersonPerDay: service.perPersonPerDay
        ? { limit: service.perPersonPerDay, resourceCode: this.limitScope(service, input.resourceCode), dayStart: cstInstant(input.date), dayEnd: cstInstant(addDays(input.date, 1)) }
        : undefined,
      newBookingNo,
      withinTransaction: async (tx: Tx, booking) => {
        const rows = due.map((r) => ({ accountId: input.accountId, bookingId: booking.id, minutesBefore: r.minutes, dueAt: r.dueAt, jobId: queue.newJobId() }));
        const ids = await reminders.insert(tx, rows);
        await queue.enqueue(tx, rows.map((r) => ({ jobId: r.jobId, reminderId: ids.get(r.jobId)!, dueAt: r.dueAt })));
      },
    });
    const log = { account: input.accountId, openId: maskOpenId(input.openId), service: service.code, slot: `${input.date} ${input.start}` };
    switch (outcome.kind) {
      case 'booked':
      case 'existing':
        this.deps.log.info({ ...log, booking: outcome.booking.id, outcome: outcome.kind }, 'appointment booked');
        return { kind: outcome.kind, booking: outcome.booking, bookable };
      case 'full':
        this.deps.log.info({ ...log, outcome: 'full' }, 'appointment slot just filled');
        return { kind: 'full', alternatives: await alternatives() };
      case 'limit':
        return { kind: 'limit', limit: outcome.limit, date: input.date };
      case 'banned':
        return outcome;
    }
  }

  /** Cancels before the service's deadline; the place and the reminders are released in one transaction. */
  async cancel(accountId: string, bookingId: number, openId: string | null, now: Date, deliveryKey: string | null = null): Promise<ChangeOutcome & { deadlineMinutes?: number }> {
    const booking = await this.deps.bookings.get(accountId, bookingId);
    if (!booking || (openId !== null && booking.openId !== openId)) return { kind: 'not-found' };
    const service = await this.deps.services.get(accountId, booking.serviceId);
    const deadlineMinutes = service?.cancelDeadlineMinutes ?? 0;
    const startsAfter = new Date(now.getTime() + deadlineMinutes * 60_000);
    await this.deps.queue.ready();
    const outcome = await this.deps.status.cancel(accountId, bookingId, { openId, startsAfter, deliveryKey }, async (tx) => {
      await this.deps.queue.cancel(tx, await this.deps.reminders.cancelForBooking(tx, bookingId));
    });
    if (outcome.kind === 'done') this.deps.log.info({ account: accountId, booking: bookingId, openId: maskOpenId(booking.openId) }, 'appointment cancelled');
    return { ...outcome, deadlineMinutes };
  }
}
