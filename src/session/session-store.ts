import type { KeyValueStore } from '../infra/kv/port.js';

/**
 * A citizen's conversation state: which flow they are in and its data.
 * `step` is what conversation-step rules match on.
 */
export interface Conversation {
  step: string;
  data: Record<string, unknown>;
  /** Epoch ms of the last change; lets a flow tell "expired" from "never started". */
  updatedAt: number;
}

/** The three-method session port; the backends live in infra/kv. */
export interface SessionStore {
  get(accountId: string, openId: string): Promise<Conversation | null>;
  set(accountId: string, openId: string, conversation: Conversation, ttlSeconds: number): Promise<void>;
  delete(accountId: string, openId: string): Promise<void>;
}

const key = (accountId: string, openId: string) => `session:${accountId}:${openId}`;

export function createSessionStore(kv: KeyValueStore): SessionStore {
  return {
    async get(accountId, openId) {
      const raw = await kv.get(key(accountId, openId));
      return raw ? (JSON.parse(raw) as Conversation) : null;
    },
    async set(accountId, openId, conversation, ttlSeconds) {
      await kv.set(key(accountId, openId), JSON.stringify(conversation), ttlSeconds * 1000);
    },
    async delete(accountId, openId) {
      await kv.del(key(accountId, openId));
    },
  };
}
