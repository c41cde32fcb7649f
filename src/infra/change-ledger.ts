import type { Logger } from 'pino';
import type { ChangeVersionRepository } from './change-versions.repository.js';

/**
 * Changes counted in PostgreSQL, so an instance that missed a Redis message (Redis
 * down, subscription reconnecting) still learns of the change: every instance polls
 * the counters and emits a change for any version it has not seen.
 */
export interface ChangeLedger {
  /** Counts a change made by this instance; throws when it could not be stored. */
  record(channel: string, accountId: string): Promise<void>;
  /** Calls `emit` for every change on the channel that another instance recorded. */
  watch(channel: string, emit: (accountId: string | null) => void): void;
  /** Polls once now (also runs every pollMs). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** A few seconds: one tiny query per instance per interval; changes arrive well within 10 s. */
export const CHANGE_POLL_MS = 3000;

const keyOf = (channel: string, accountId: string) => `${channel}\u0000${accountId}`;

export async function createChangeLedger(repo: ChangeVersionRepository, log: Logger, pollMs = CHANGE_POLL_MS): Promise<ChangeLedger> {
  const seen = new Map<string, number>();
  const watchers = new Map<string, Array<(accountId: string | null) => void>>();
  let lastTotal = -1;
  let failing = false;
  let running: Promise<void> | undefined;

  const see = (key: string, version: number): boolean => {
    if ((seen.get(key) ?? 0) >= version) return false;
    seen.set(key, version);
    return true;
  };

  const poll = async (emit: boolean) => {
    const total = await repo.total();
    if (total === lastTotal) return;
    for (const { channel, accountId, version } of await repo.all()) {
      if (!see(keyOf(channel, accountId), version) || !emit) continue;
      for (const listener of watchers.get(channel) ?? []) listener(accountId || null);
    }
    lastTotal = total;
  };

  const check = (emit = true): Promise<void> => {
    // One poll at a time; a caller during a poll shares it.
    running ??= poll(emit)
      .then(() => {
        if (failing) log.info('change versions readable again');
        failing = false;
      })
      .catch((err: unknown) => {
        if (!failing) log.warn({ err: (err as Error).message }, 'could not read change versions; retrying every poll');
        failing = true;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  // The state at start-up is the baseline: caches are empty, so nothing before it is stale.
  await check(false);
  const timer = setInterval(() => void check(), pollMs);
  timer.unref();

  return {
    async record(channel, accountId) {
      see(keyOf(channel, accountId), await repo.bump(channel, accountId));
    },
    watch(channel, emit) {
      const list = watchers.get(channel) ?? [];
      list.push(emit);
      watchers.set(channel, list);
    },
    check: () => check(),
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
