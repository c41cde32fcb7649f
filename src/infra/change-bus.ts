import type { Logger } from 'pino';
import type { KeyValueStore } from './kv/port.js';

/**
 * Cache invalidation across instances: a write publishes the account id on a
 * channel, every instance (the writer included) drops its cached copy. Redis
 * pub/sub delivers in milliseconds, well inside the 1-second promise.
 */
export interface ChangeBus {
  publish(accountId: string): Promise<void>;
  onChange(listener: (accountId: string | null) => void): void;
}

export async function createChangeBus(kv: KeyValueStore, channel: string, log: Logger): Promise<ChangeBus & { close(): Promise<void> }> {
  const listeners: Array<(accountId: string | null) => void> = [];
  const emit = (accountId: string | null) => {
    for (const listener of listeners) listener(accountId);
  };
  const unsubscribe = await kv.subscribe(`changes:${channel}`, (message) => emit(message || null));
  return {
    async publish(accountId) {
      emit(accountId);
      try {
        await kv.publish(`changes:${channel}`, accountId);
      } catch (err) {
        log.warn({ err: (err as Error).message, channel }, 'could not broadcast a change; other instances refresh on their next reload');
      }
    },
    onChange(listener) {
      listeners.push(listener);
    },
    close: unsubscribe,
  };
}
