import type { Logger } from 'pino';

/**
 * One warning line per cause per interval. While Redis is down every message hits the
 * same failure: without this, one outage wrote 30,000 identical lines in 8 s. The first
 * line of a cause is written at once; repeats within the interval are counted, and the
 * next line written for that cause carries the count as `suppressed`.
 */
export interface LogThrottle {
  warn(log: Pick<Logger, 'warn'>, cause: string, fields: Record<string, unknown>, message: string): void;
}

export const DEFAULT_THROTTLE_MS = 5000;

export function createLogThrottle(intervalMs = DEFAULT_THROTTLE_MS, now: () => number = Date.now): LogThrottle {
  const causes = new Map<string, { until: number; suppressed: number }>();
  return {
    warn(log, cause, fields, message) {
      const t = now();
      const seen = causes.get(cause);
      if (seen && t < seen.until) {
        seen.suppressed++;
        return;
      }
      const suppressed = seen?.suppressed ?? 0;
      causes.set(cause, { until: t + intervalMs, suppressed: 0 });
      log.warn(suppressed > 0 ? { ...fields, cause, suppressed } : { ...fields, cause }, message);
    },
  };
}
