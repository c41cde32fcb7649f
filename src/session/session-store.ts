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

/** The session port; the backends live in infra/kv. */
export interface SessionStore {
  get(accountId: string, openId: string): Promise<Conversation | null>;
  /** The store key of a conversation, for reading it together with another command (the delivery claim). */
  keyOf(accountId: string, openId: string): string;
  /** A conversation from the raw value at keyOf. */
  decode(raw: string | null): Conversation | null;
  set(accountId: string, openId: string, conversation: Conversation, ttlSeconds: number): Promise<void>;
  delete(accountId: string, openId: string): Promise<void>;
}

const key = (accountId: string, openId: string) => `session:${accountId}:${openId}`;

export function createSessionStore(kv: KeyValueStore): SessionStore {
  const decode = (raw: string | null) => (raw ? (JSON.parse(raw) as Conversation) : null);
  return {
    async get(accountId, openId) {
      return decode(await kv.get(key(accountId, openId)));
    },
    keyOf: key,
    decode,
    async set(accountId, openId, conversation, ttlSeconds) {
      await kv.set(key(accountId, openId), JSON.stringify(conversation), ttlSeconds * 1000);
    },
    async delete(accountId, openId) {
      await kv.del(key(accountId, openId));
    },
  };
}
