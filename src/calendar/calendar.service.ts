import type { ChangeBus } from '../infra/change-bus.js';
import type { CalendarDay, CalendarRepository } from './calendar.repository.js';
import { addDays, weekday } from './dates.js';

/** Refuse to walk further than this looking for working days (a misconfigured calendar must not spin). */
const MAX_SCAN_DAYS = 3660;

/**
 * The working-day calendar shared by every date computation: Monday–Friday work,
 * except days marked as holidays; weekend days marked as 调休 working days work.
 */
export class CalendarService {
  private readonly cache = new Map<string, Promise<Map<string, CalendarDay>>>();

  constructor(
    private readonly repo: CalendarRepository,
    private readonly bus: ChangeBus,
  ) {
    bus.onChange((accountId) => (accountId === null ? this.cache.clear() : this.cache.delete(accountId)));
  }

  private days(accountId: string): Promise<Map<string, CalendarDay>> {
    let entry = this.cache.get(accountId);
    if (!entry) {
      entry = this.repo.list(accountId).then((list) => new Map(list.map((d) => [d.date, d])));
      this.cache.set(accountId, entry);
      entry.catch(() => this.cache.delete(accountId));
    }
    return entry;
  }

  async isWorkingDay(accountId: string, date: string): Promise<boolean> {
    const override = (await this.days(accountId)).get(date);
    if (override) return override.kind === 'workday';
    return weekday(date) <= 5;
  }

  /** The holiday name of a date, if any (for messages such as "国庆节休息"). */
  async holidayName(accountId: string, date: string): Promise<string | undefined> {
    const override = (await this.days(accountId)).get(date);
    return override?.kind === 'holiday' ? override.name || '节假日' : undefined;
  }

  /**
   * The date `n` working days after `start` (start itself not counted), as deadlines
   * are counted: a ticket accepted on Friday with 2 working days is due on Tuesday.
   */
  async addWorkingDays(accountId: string, start: string, n: number): Promise<string> {
    let date = start;
    let remaining = n;
    for (let i = 0; remaining > 0; i++) {
      if (i > MAX_SCAN_DAYS) throw new Error('calendar has no working days in range');
      date = addDays(date, 1);
      if (await this.isWorkingDay(accountId, date)) remaining--;
    }
    return date;
  }

  /** Working days in (from, to]: how many working days have passed since `from`. */
  async workingDaysBetween(accountId: string, from: string, to: string): Promise<number> {
    let count = 0;
    for (let date = addDays(from, 1), i = 0; date <= to; date = addDays(date, 1), i++) {
      if (i > MAX_SCAN_DAYS) break;
      if (await this.isWorkingDay(accountId, date)) count++;
    }
    return count;
  }

  list(accountId: string, from?: string, to?: string): Promise<CalendarDay[]> {
    return this.repo.list(accountId, from, to);
  }

  async upsert(accountId: string, days: CalendarDay[]): Promise<void> {
    await this.repo.upsert(accountId, days);
    await this.bus.publish(accountId);
  }

  async remove(accountId: string, date: string): Promise<boolean> {
    const removed = await this.repo.remove(accountId, date);
    if (removed) await this.bus.publish(accountId);
    return removed;
  }
}
