/**
 * The shared key-value store: Redis in production, an in-process map for a single
 * instance. De-duplication, conversation sessions, the access_token and cache
 * invalidation all go through this port, so both backends behave the same.
 */
export interface KeyValueStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Atomic SET NX with a TTL. True when this caller created the key. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * setIfAbsent, plus the value of another key, in one round trip: the webhook claims
   * a delivery and reads the citizen's conversation with a single command.
   */
  setIfAbsentAndGet(key: string, value: string, ttlMs: number, readKey: string): Promise<{ set: boolean; read: string | null }>;
  /**
   * SET with a TTL for a write nothing reads back in order (a reply record, a
   * bookkeeping mark). The store may combine it with other such writes into one
   * command, so it is not ordered against the caller's other commands; awaiting it
   * still tells whether it was stored.
   */
  setUnordered(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes the key only if it still holds `value` (safe lock release). */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  del(key: string): Promise<void>;
  /** INCR with a TTL set on first creation. */
  incr(key: string, ttlMs: number): Promise<number>;
  publish(channel: string, message: string): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
