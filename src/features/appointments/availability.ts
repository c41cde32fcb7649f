import { addDays, cstDate, cstInstant, weekday } from '../../calendar/dates.js';
import type { CalendarService } from '../../calendar/calendar.service.js';
import type { AppointmentService } from './appointments.types.js';
import type { BookingRepository } from './bookings.repository.js';
import { planDay, resourceCodeOf, type Bookable, type DayKind, type PlannedSlot } from './slots.js';

export type CalendarLike = Pick<CalendarService, 'isWorkingDay' | 'holidayName' | 'addWorkingDays'>;

export interface SlotOption extends PlannedSlot {
  free: number;
}

/** Dates listed to a citizen at most (one short message). */
export const MAX_DATES = 10;

/**
 * Free places: the schedule and the shared calendar say which slots exist, the slot
 * rows say how many places are taken. Only slots that have not started are offered.
 */
export class Availability {
  constructor(
    private readonly calendar: CalendarLike,
    private readonly bookings: BookingRepository,
  ) {}

  async dayKind(accountId: string, date: string): Promise<DayKind> {
    if ((await this.calendar.holidayName(accountId, date)) !== undefined) return 'holiday';
    if (weekday(date) >= 6 && (await this.calendar.isWorkingDay(accountId, date))) return 'adjusted-workday';
    return 'regular';
  }

  /** The dates inside the service's booking window, counted in calendar or working days. */
  async windowDates(accountId: string, service: AppointmentService, now: Date): Promise<string[]> {
    const today = cstDate(now);
    const { minDaysAhead, maxDaysAhead, unit } = service.bookingWindow;
    let from = addDays(today, minDaysAhead);
    let to = addDays(today, maxDaysAhead);
    if (unit === 'working_day') {
      from = minDaysAhead === 0 ? today : await this.calendar.addWorkingDays(accountId, today, minDaysAhead);
      to = maxDaysAhead === 0 ? today : await this.calendar.addWorkingDays(accountId, today, maxDaysAhead);
    }
    const dates: string[] = [];
    for (let d = from; d <= to && dates.length < 400; d = addDays(d, 1)) dates.push(d);
    return dates;
  }

  private async withFree(accountId: string, b: Bookable, dates: string[], now: Date): Promise<SlotOption[]> {
    if (dates.length === 0) return [];
    const planned: PlannedSlot[] = [];
    for (const date of dates) planned.push(...planDay(b, date, await this.dayKind(accountId, date)).filter((s) => s.startsAt > now));
    if (planned.length === 0) return [];
    const taken = await this.bookings.bookedCounts(b.service.id, resourceCodeOf(b), cstInstant(dates[0]!), cstInstant(addDays(dates.at(-1)!, 1)));
    return planned.map((s) => ({ ...s, free: Math.max(0, s.capacity - (taken.get(s.startsAt.getTime()) ?? 0)) }));
  }

  /** Dates with free places, soonest first. */
  async openDates(accountId: string, b: Bookable, now: Date): Promise<Array<{ date: string; free: number }>> {
    const slots = await this.withFree(accountId, b, await this.windowDates(accountId, b.service, now), now);
    const byDate = new Map<string, number>();
    for (const s of slots) if (s.free > 0) byDate.set(s.date, (byDate.get(s.date) ?? 0) + s.free);
    return [...byDate].map(([date, free]) => ({ date, free })).slice(0, MAX_DATES);
  }

  /** Slots of a date with free places. */
  async freeSlotsOn(accountId: string, b: Bookable, date: string, now: Date): Promise<SlotOption[]> {
    return (await this.withFree(accountId, b, [date], now)).filter((s) => s.free > 0);
  }

  /** The slot as the current schedule offers it (inside the window, not started), or undefined. */
  async offered(accountId: string, b: Bookable, date: string, start: string, now: Date): Promise<SlotOption | undefined> {
    if (!(await this.windowDates(accountId, b.service, now)).includes(date)) return undefined;
    return (await this.withFree(accountId, b, [date], now)).find((s) => s.start === start);
  }

  /** The free slots nearest in time to `around`, shown in time order. */
  async nearestFree(accountId: string, b: Bookable, around: Date, now: Date, count = 5): Promise<SlotOption[]> {
    const slots = (await this.withFree(accountId, b, await this.windowDates(accountId, b.service, now), now)).filter((s) => s.free > 0);
    const distance = (s: SlotOption) => Math.abs(s.startsAt.getTime() - around.getTime());
    return slots
      .sort((x, y) => distance(x) - distance(y))
      .slice(0, count)
      .sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
  }
}
