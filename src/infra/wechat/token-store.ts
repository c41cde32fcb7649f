import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from '../kv/port.js';

export interface AccessToken {
  accessToken: string;
  /** Epoch ms after which the token must not be used. */
  expireTime: number;
}

/** Refresh this long before WeChat's stated expiry, so no call races the deadline. */
const EARLY_REFRESH_MS = 5 * 60_000;
const LOCK_TTL_MS = 10_000;
const WAIT_STEP_MS = 50;

/**
 * access_token shared by every process through the store. Fetching a new token
 * invalidates the previous one after a grace period, so exactly one process may
 * refresh at a time: it takes a lock, and re-checks the store after acquiring it
 * (another process may have refreshed while it waited).
 */
export class TokenStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly appId: string,
    private readonly fetchToken: () => Promise<AccessToken>,
  ) {}

  private get key() {
    return `wx:token:${this.appId}`;
  }

  private async read(): Promise<AccessToken | null> {
    const raw = await this.kv.get(this.key);
    if (!raw) return null;
    const token = JSON.parse(raw) as AccessToken;
    return token.expireTime - EARLY_REFRESH_MS > Date.now() ? token : null;
  }

  async get(): Promise<AccessToken> {
    return (await this.read()) ?? this.refresh();
  }

  /** Forget `stale` (only if it is still the stored one), so the next get() refreshes. */
  async invalidate(stale: string): Promise<void> {
    const raw = await this.kv.get(this.key);
    if (raw && (JSON.parse(raw) as AccessToken).accessToken === stale) await this.kv.del(this.key);
  }

  private async refresh(): Promise<AccessToken> {
    const lockKey = `wx:token-lock:${this.appId}`;
    const owner = randomUUID();
    const deadline = Date.now() + LOCK_TTL_MS;
    while (Date.now() < deadline) {
      if (await this.kv.setIfAbsent(lockKey, owner, LOCK_TTL_MS)) {
        try {
          const fresh = await this.read();
          if (fresh) return fresh;
          const token = await this.fetchToken();
          await this.kv.set(this.key, JSON.stringify(token), Math.max(token.expireTime - Date.now(), 1000));
          return token;
        } finally {
          await this.kv.deleteIfEquals(lockKey, owner);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
      const refreshed = await this.read();
      if (refreshed) return refreshed;
    }
    throw new Error(`timed out waiting for the access_token refresh lock of ${this.appId}`);
  }
}
