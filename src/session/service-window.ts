import type { KeyValueStore } from '../infra/kv/port.js';

/**
 * Customer-service messages may be sent for 48 hours after the citizen's last
 * message (官方文档 客服消息). Every citizen message opens the window, whichever
 * feature answers it; a margin keeps a send from racing the platform's clock.
 */
const WINDOW_MS = 48 * 3600_000 - 10 * 60_000;
const key = (accountId: string, openId: string) => `window:${accountId}:${openId}`;

export interface ServiceWindow {
  opened(accountId: string, openId: string): Promise<void>;
  isOpen(accountId: string, openId: string): Promise<boolean>;
}

export function createServiceWindow(kv: KeyValueStore): ServiceWindow {
  return {
    async opened(accountId, openId) {
      await kv.set(key(accountId, openId), String(Date.now()), WINDOW_MS);
    },
    async isOpen(accountId, openId) {
      return (await kv.get(key(accountId, openId)).catch(() => null)) !== null;
    },
  };
}
