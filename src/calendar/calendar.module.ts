import { calendarRoutes } from '../admin/calendar.routes.js';
import { readDemo } from '../demo/demo-files.js';
import { createCalendarBookingsRepository } from './calendar-bookings.repository.js';
import type { CalendarDay } from './calendar.repository.js';
import type { FeatureModule } from '../features/feature.js';

/** The shared working-day calendar as a module: its admin routes and demo holidays. */
export const calendarModule: FeatureModule = {
  name: 'calendar',
  create(ctx) {
    return {
      name: 'calendar',
      adminRoutes: (app) => calendarRoutes(app, { calendar: ctx.calendar, audit: ctx.audit, bookings: createCalendarBookingsRepository(ctx.db) }),
      async seedDemo(accountId) {
        const demo = await readDemo<{ days: CalendarDay[] }>('calendar.json');
        await ctx.calendar.upsert(accountId, demo.days);
      },
    };
  },
};
