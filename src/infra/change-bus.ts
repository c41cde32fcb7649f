import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { ChangeLedger } from './change-ledger.js';
import type { KeyValueStore } from './kv/port.js';

/** announced: false when Redis could not broadcast the change (other instances catch up by polling). */
export interface PublishResult {
  announced: boolean;
}

/**
 * Cache invalidation across instances: a write publishes the account id on a
 * channel, every instance (the writer included) drops its cached copy. Redis
 * pub/sub delivers in milliseconds, well inside the 1-second promise; the
 * change is also counted in PostgreSQL (ChangeLedger), so instances that missed
 * the message (Redis down) catch up at their next poll.
 */
export interface ChangeBus {
  publish(accountId: string): Promise<PublishResult>;
  onChange(listener: (accountId: string | null) => void): void;
}

/** Per request: whether a change published while handling it could not be announced. */
export interface AnnouncementScope {
  unannounced: boolean;
}

const scope = new AsyncLocalStorage<AnnouncementScope>();

/** Runs `next` (and everything it awaits) in a scope that publish reports failures to. */
export function runInAnnouncementScope(state: AnnouncementScope, next: () => void): void {
  scope.run(state, next);
}

export async function createChangeBus(
  kv: KeyValueStore,
  channel: string,
  log: Logger,
  ledger?: ChangeLedger,
): Promise<ChangeBus & { close(): Promise<void> }> {
  const listeners: Array<(accountId: string | null) => void> = [];
  const emit = (accountId: string | null) => {
    for (const listener of listeners) listener(accountId);
  };
  const unsubscribe = await kv.subscribe(`changes:${channel}`, (message) => emit(message || null));
  ledger?.watch(channel, emit);
  return {
    async publish(accountId) {
      emit(accountId);
      try {
        await ledger?.record(channel, accountId);
      } catch (err) {
        log.warn({ err: (err as Error).message, channel }, 'could not count a change in PostgreSQL; other instances rely on Redis alone');
      }
      try {
        await kv.publish(`changes:${channel}`, accountId);
        return { announced: true };
      } catch (err) {
        log.warn({ err: (err as Error).message, channel }, 'could not broadcast a change; other instances pick it up at their next poll');
        const state = scope.getStore();
        if (state) state.unannounced = true;
        return { announced: false };
      }
    },
    onChange(listener) {
      listeners.push(listener);
    },
    close: unsubscribe,
  };
}
