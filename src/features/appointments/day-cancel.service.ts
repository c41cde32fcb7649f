import type { Logger } from 'pino';
import type { BookingScope } from './booking-scope.js';
import type { BookingStatusRepository } from './booking-status.repository.js';
import { cstTime } from './appointments.messages.js';
import { sendCancelNotice, type DayCancelNoticeDeps } from './day-cancel.notice.js';
import type { ReminderQueue } from './reminder-queue.js';
import type { ReminderRepository } from './reminders.repository.js';
import type { ServiceRepository } from './services.repository.js';

export interface DayCancelDeps extends DayCancelNoticeDeps {
  services: ServiceRepository;
  status: BookingStatusRepository;
  reminders: ReminderRepository;
  queue: ReminderQueue;
  log: Logger;
}

export interface DayCancelRequest {
  accountId: string;
  date: string;
  reason: string;
  notify: boolean;
  scope: BookingScope;
  now: Date;
}

export interface DayCancelItem {
  bookingNo: string;
  service: string;
  /** Slot start, Beijing time "HH:MM". */
  start: string;
  cancelled: boolean;
  notice: 'text' | 'template' | 'undelivered' | 'none';
  reason: string | null;
}

export interface DayCancelResult {
  date: string;
  cancelled: number;
  notified: number;
  undelivered: number;
  items: DayCancelItem[];
}

/** Notices sent at once: a day's bookings are told in seconds without a burst at WeChat. */
const SEND_CONCURRENCY = 4;

/**
 * Cancels the bookings of a day that became a holiday, the way a citizen's cancellation
 * does (status, released place and reminders in one transaction), without the service's
 * cancellation deadline: only slots already started are left alone. The notice to each
 * citizen is written in the same transaction and sent once; a repeated request finds
 * nothing left to cancel and no notice left to send.
 */
export async function cancelDay(deps: DayCancelDeps, req: DayCancelRequest): Promise<DayCancelResult> {
  const items = new Map<number, DayCancelItem>();
  const names = new Map<number, string>();
  const serviceName = async (serviceId: number) => {
    if (!names.has(serviceId)) names.set(serviceId, (await deps.services.get(req.accountId, serviceId))?.name ?? '');
    return names.get(serviceId)!;
  };

  await deps.queue.ready();
  for (const id of await deps.notices.bookedOn(req.accountId, req.date, req.scope, req.now)) {
    const outcome = await deps.status.cancel(req.accountId, id, { openId: null, startsAfter: req.now }, async (tx, booking) => {
      await deps.queue.cancel(tx, await deps.reminders.cancelForBooking(tx, booking.id));
      if (req.notify) await deps.notices.owe(tx, booking, req.date, req.reason);
    });
    if (outcome.kind !== 'done') continue;
    const b = outcome.booking;
    items.set(b.id, { bookingNo: b.bookingNo, service: await serviceName(b.serviceId), start: cstTime(b.slotStart), cancelled: true, notice: 'none', reason: null });
    deps.log.info({ account: req.accountId, booking: b.id, day: req.date }, 'appointment cancelled: day became a holiday');
  }

  let notified = 0;
  let undelivered = 0;
  if (req.notify) {
    const templateId = await deps.notices.changeTemplateId(req.accountId);
    const queue = await deps.notices.pending(req.accountId, req.date, req.scope);
    const sendNext = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const claimed = await deps.notices.claim(id);
        if (!claimed) continue;
        const sent = await sendCancelNotice(deps, claimed, templateId);
        if (sent.notice === 'undelivered') undelivered++;
        else notified++;
        // A notice left pending by an interrupted request: its booking was cancelled then, not now.
        const item = items.get(id) ?? { bookingNo: claimed.booking.bookingNo, service: claimed.serviceName, start: cstTime(claimed.booking.slotStart), cancelled: false };
        items.set(id, { ...item, ...sent });
      }
    };
    await Promise.all(Array.from({ length: SEND_CONCURRENCY }, sendNext));
  }
  const list = [...items.values()].sort((a, b) => a.start.localeCompare(b.start));
  return { date: req.date, cancelled: list.filter((i) => i.cancelled).length, notified, undelivered, items: list };
}
