import { badRequest } from '../lib/errors.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** China Standard Time has no daylight saving: always UTC+8. */
const CST_OFFSET = '+08:00';

/**
 * A filter bound: a bare date is that day in China Standard Time (a `to` date includes
 * the whole day); anything else must be an ISO date-time.
 */
export function parseBound(value: string | undefined, field: string, side: 'start' | 'end'): Date | undefined {
  if (value === undefined) return undefined;
  if (DAY.test(value)) {
    const start = new Date(`${value}T00:00:00${CST_OFFSET}`);
    if (Number.isNaN(start.getTime())) throw badRequest(field, `${field}：日期无效`);
    return side === 'start' ? start : new Date(start.getTime() + 24 * 3600_000);
  }
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw badRequest(field, `${field}：应为日期（2026-12-06）或 ISO 时间`);
  return at;
}

/** Midnight today in China Standard Time. */
export function startOfTodayCst(now = new Date()): Date {
  const cst = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth(), cst.getUTCDate()) - 8 * 3600_000);
}
