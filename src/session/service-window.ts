import type { KeyValueStore } from '../infra/kv/port.js';

/**
 * Customer-service messages may be sent for 48 hours after the citizen's last
 * message (官方文档 客服消息). Every citizen message opens the window, whichever
 * feature answers it; a margin keeps a send from racing the platform's clock.
 */
const WINDOW_MS = 48 * 3600_000;
/**
 * A chatty citizen need not cost a store write per message: an instance refreshes the
 * window at most this often per citizen, and counts the window from the last write,
 * so it can only end early (a template instead of a customer-service message), never late.
 */
const REFRESH_MS = 10 * 60_000;
const MARGIN_MS = 10 * 60_000;
/** Bounds the per-instance memory of recent writes. */
const MAX_TRACKED = 20_000;
const key = (accountId: string, openId: string) => `window:${accountId}:${openId}`;

export interface ServiceWindow {
  opened(accountId: string, openId: string): Promise<void>;
  isOpen(accountId: string, openId: string): Promise<boolean>;
}

export function createServiceWindow(kv: KeyValueStore): ServiceWindow {
  const lastWrite = new Map<string, number>();
  return {
    async opened(accountId, openId) {
      const k = key(accountId, openId);
      const now = Date.now();
      if (now - (lastWrite.get(k) ?? 0) < REFRESH_MS) return;
      if (lastWrite.size >= MAX_TRACKED) lastWrite.clear();
      lastWrite.set(k, now);
      await kv.setUnordered(k, String(now), WINDOW_MS - MARGIN_MS - REFRESH_MS).catch((err: unknown) => {
        lastWrite.delete(k);
        throw err;
      });
    },
    async isOpen(accountId, openId) {
      return (await kv.get(key(accountId, openId)).catch(() => null)) !== null;
    },
  };
}
