/** Date arithmetic on civil dates (YYYY-MM-DD) in China Standard Time (UTC+8, no DST). */

const CST_OFFSET_MS = 8 * 3600_000;

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The civil date in Beijing time of an instant. */
export function cstDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
export const weekdayName = (date: string) => WEEKDAY_NAMES[weekday(date)]!;

/** The instant a Beijing civil date and HH:MM begin. */
export function cstInstant(date: string, time = '00:00'): Date {
  return new Date(`${date}T${time}:00+08:00`);
}
