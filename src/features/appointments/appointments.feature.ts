import type { FeatureModule } from '../feature.js';
import { BookingFlow } from './appointments.flow.js';
import { appointmentRules, expiredFallback } from './appointments.rules.js';
import { seedAppointmentsDemo } from './appointments.demo.js';
import { Availability } from './availability.js';
import { createBookingConfirmRepository } from './booking-confirm.repository.js';
import { createBookingListRepository } from './booking-list.repository.js';
import { createBookingStatusRepository } from './booking-status.repository.js';
import { BookingService } from './booking.service.js';
import { bookingRoutes } from './bookings.admin.js';
import { dayCancelRoutes } from './day-cancel.admin.js';
import { createBookingRepository } from './bookings.repository.js';
import { ReminderQueue } from './reminder-queue.js';
import { createReminderSender } from './reminder.sender.js';
import { createReminderRepository } from './reminders.repository.js';
import { serviceRoutes } from './services.admin.js';
import { createServiceRepository } from './services.repository.js';

export interface AppointmentsOptions {
  /** How often each instance looks for due reminders. */
  reminderPollSeconds?: number;
}

/** 政务大厅 and hospital appointments: booking by conversation, operator routes, reminders. */
export function createAppointmentsModule(options: AppointmentsOptions = {}): FeatureModule {
  return {
    name: 'appointments',
    create(ctx) {
      const cipher = ctx.pii;
      const services = createServiceRepository(ctx.db);
      const bookings = createBookingRepository(ctx.db);
      const status = createBookingStatusRepository(ctx.db);
      const reminders = createReminderRepository(ctx.db);
      const queue = new ReminderQueue({
        db: ctx.db,
        log: ctx.log,
        appSchema: () => reminders.currentSchema(),
        pollingIntervalSeconds: options.reminderPollSeconds ?? 1,
        handle: createReminderSender({ reminders, account: (id) => ctx.account(id), wechatFor: (a) => ctx.wechatFor(a), serviceWindow: ctx.serviceWindow, log: ctx.log }),
      });
      const availability = new Availability(ctx.calendar, bookings);
      const booking = new BookingService({ services, bookings, confirmations: createBookingConfirmRepository(ctx.db), status, reminders, queue, availability, cipher, log: ctx.log });
      const flow = new BookingFlow({ services, availability, booking, bookings, cipher, kv: ctx.kv });
      return {
        name: 'appointments',
        rules: [appointmentRules(flow)],
        fallbacks: [expiredFallback(flow, ctx.kv)],
        async adminRoutes(app) {
          await serviceRoutes(app, { services, audit: ctx.audit });
          await bookingRoutes(app, { services, bookings, list: createBookingListRepository(ctx.db), status, cipher, audit: ctx.audit });
          await dayCancelRoutes(app, ctx, { services, status, reminders, queue });
        },
        seedDemo: (accountId) => seedAppointmentsDemo(services, accountId),
        start: () => queue.start(),
        stop: () => queue.stop(),
      };
    },
  };
}

export const appointmentsModule: FeatureModule = createAppointmentsModule();
