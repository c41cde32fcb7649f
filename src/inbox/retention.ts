import type { Logger } from 'pino';
import type { MessageLogRepository } from './message-log.repository.js';

const HOUR_MS = 3600_000;

/**
 * Deletes logged messages older than the retention period: shortly after start, then
 * hourly. Every instance runs the timer; an advisory lock lets one of them do the work.
 */
export function startRetentionJob(repo: MessageLogRepository, retentionDays: number, log: Logger, intervalMs = HOUR_MS) {
  let running: Promise<void> = Promise.resolve();
  const runOnce = async (now = new Date()): Promise<number | null> => {
    const cutoff = new Date(now.getTime() - retentionDays * 24 * HOUR_MS);
    const deleted = await repo.deleteOlderThan(cutoff);
    if (deleted) log.info({ deleted, retentionDays }, 'message log: old messages deleted');
    return deleted;
  };
  const tick = () => {
    running = running.then(() => runOnce().then(() => undefined)).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'message log retention failed'));
  };
  const first = setTimeout(tick, 30_000);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return {
    runOnce,
    async stop(): Promise<void> {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
