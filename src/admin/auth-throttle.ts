import type { Logger } from 'pino';
import type { KeyValueStore } from '../infra/kv/port.js';
import { createLogThrottle } from '../lib/log-throttle.js';

/**
 * Failed authentication counted per key (a username, an address) in a fixed window
 * that starts at the first failure. Held in the shared store, so every instance
 * counts the same failures. While the store is unavailable the throttle fails open (one
 * warning line per few seconds): operators must still be able to sign in and work during a
 * Redis outage, and every failure is still logged and counted by the caller.
 */
export function createAuthThrottle(kv: KeyValueStore, options: { limit: number; windowMs: number; log: Pick<Logger, 'warn'> }) {
  const warnings = createLogThrottle();
  const failOpen = (err: unknown): undefined => {
    warnings.warn(options.log, 'auth-throttle-store', { err: (err as Error).message }, 'sign-in throttle store unavailable; not throttling until it answers');
    return undefined;
  };
  const countKey = (key: string) => `authfail:${key}`;
  const sinceKey = (key: string) => `authfail:${key}:since`;
  const retryAt = async (key: string): Promise<Date> => {
    const since = Number(await kv.get(sinceKey(key))) || Date.now();
    return new Date(since + options.windowMs);
  };
  return {
    /** When the first of these keys is free again, if any is locked now. */
    async lockedUntil(keys: string[]): Promise<Date | undefined> {
      let until: Date | undefined;
      try {
        for (const key of keys) {
          const count = Number(await kv.get(countKey(key)));
          if (count < options.limit) continue;
          const at = await retryAt(key);
          if (!until || at > until) until = at;
        }
      } catch (err) {
        return failOpen(err);
      }
      return until;
    },
    /** Counts one failure against each key; answers when they unlock if this failure locked any. */
    async fail(keys: string[]): Promise<Date | undefined> {
      let until: Date | undefined;
      try {
        for (const key of keys) {
          await kv.setIfAbsent(sinceKey(key), String(Date.now()), options.windowMs);
          const count = await kv.incr(countKey(key), options.windowMs);
          if (count < options.limit) continue;
          const at = await retryAt(key);
          if (!until || at > until) until = at;
        }
      } catch (err) {
        return failOpen(err);
      }
      return until;
    },
    async clear(key: string): Promise<void> {
      try {
        await kv.del(countKey(key));
        await kv.del(sinceKey(key));
      } catch (err) {
        failOpen(err);
      }
    },
  };
}

export type AuthThrottle = ReturnType<typeof createAuthThrottle>;

/** "登录失败次数过多，请于 17:45 后重试（约 12 分钟）", in China Standard Time. */
export function retryMessage(prefix: string, until: Date, now = Date.now()): string {
  const cst = new Date(until.getTime() + 8 * 3600_000);
  const hhmm = `${String(cst.getUTCHours()).padStart(2, '0')}:${String(cst.getUTCMinutes()).padStart(2, '0')}`;
  const minutes = Math.max(1, Math.ceil((until.getTime() - now) / 60_000));
  return `${prefix}，请于 ${hhmm} 后重试（约 ${minutes} 分钟）`;
}
