import type { Logger } from 'pino';
import type { KeyValueStore } from '../infra/kv/port.js';
import { createLogThrottle } from '../lib/log-throttle.js';
import type { Reply } from './types.js';

/**
 * WeChat drops the connection after 5 s and delivers the same push again, about
 * 5 s apart, three times in all (官方文档 被动回复用户消息; WxJava WxMpMessageRouter).
 * Each delivery is keyed in the shared store with SET NX: the first runs the
 * handler, a retry waits for the first one's reply and answers the same, so side
 * effects happen once. A handler slower than the budget is answered `success`
 * and its reply goes out later through the customer-service API.
 */

const PENDING = 'pending';
const LATE = 'late';
/** Longer than 3 deliveries × 5 s plus slack. */
const KEY_TTL_MS = 5 * 60_000;
const POLL_MS = 40;

export interface DeliveryOutcome {
  /** The passive reply, or null for `success`. */
  reply: Reply | null;
  /** How the delivery was handled, for logs and metrics. */
  outcome: 'handled' | 'duplicate' | 'late' | 'duplicate-late' | 'no-dedup';
}

/** The value of a work's preload key, or why it could not be read. */
export type Preloaded = { ok: true; value: string | null } | { ok: false; error: Error };

/** What a claimed delivery runs. */
export interface DeliveryWork {
  /** A store key the handler needs; it is read by the same command that claims the delivery. */
  preload: string;
  /**
   * The handler; its first reply is the passive one. `deliveryKey` is the key this delivery
   * is claimed under: effects are stored under it in PostgreSQL, so they stay once-only
   * when the store cannot de-duplicate.
   */
  run(preloaded: Preloaded, deliveryKey: string): Promise<Reply[]>;
}

export interface DeliveryGuardOptions {
  kv: KeyValueStore;
  log: Logger;
  onDuplicate?: () => void;
  onLate?: () => void;
}

const TIMEOUT = Symbol('timeout');

/** The work's result, or TIMEOUT at the deadline; one timer and one promise, cleared as soon as the work settles. */
function withinDeadline<T>(running: Promise<T>, deadline: number): Promise<T | typeof TIMEOUT> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, Math.max(deadline - Date.now(), 0), TIMEOUT);
    running.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DeliveryGuard {
  /** Late and follow-up sends still running; awaited on shutdown so none is lost. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Every message fails the same way while the store is down: one line per few seconds, with a count. */
  private readonly throttle = createLogThrottle();

  constructor(private readonly options: DeliveryGuardOptions) {}

  private track(work: Promise<unknown>): void {
    const done = () => {
      this.inFlight.delete(tracked);
    };
    const tracked = work.then(done, done);
    this.inFlight.add(tracked);
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /**
   * @param work the handler, and the store key it needs read alongside the claim.
   * @param sendLater sends replies through the customer-service API.
   * @param deadline epoch ms by which the HTTP answer must be written.
   */
  async deliver(
    key: string,
    work: DeliveryWork,
    sendLater: (replies: Reply[]) => Promise<void>,
    deadline: number,
  ): Promise<DeliveryOutcome> {
    const { kv, log } = this.options;
    const storeKey = `dlv:${key}`;
    let claimed: boolean;
    let dedup = true;
    let preloaded: Preloaded;
    try {
      const claim = await kv.setIfAbsentAndGet(storeKey, PENDING, KEY_TTL_MS, work.preload);
      claimed = claim.set;
      preloaded = { ok: true, value: claim.read };
    } catch (err) {
      // Store unavailable: answering twice beats answering never.
      this.throttle.warn(log, 'dedup-store', { err: (err as Error).message }, 'dedup store unavailable; handling without de-duplication (effects stay once-only through their delivery keys)');
      claimed = true;
      dedup = false;
      preloaded = { ok: false, error: err as Error };
    }
    if (!claimed) {
      this.options.onDuplicate?.();
      return this.awaitFirst(storeKey, deadline);
    }

    const running = work.run(preloaded, key);
    const first = await withinDeadline(running, deadline);
    if (first === TIMEOUT) {
      this.options.onLate?.();
      if (dedup) this.remember(storeKey, LATE);
      this.track(
        running
          .then((replies) => (replies.length ? sendLater(replies) : undefined))
          .catch((err: Error) => log.error({ err }, 'late reply could not be delivered')),
      );
      return { reply: null, outcome: 'late' };
    }
    const [passive = null, ...rest] = first;
    if (dedup) this.remember(storeKey, JSON.stringify({ reply: passive }));
    if (rest.length) {
      // After the passive reply has been written, so the citizen sees them in order.
      this.track(
        sleep(50)
          .then(() => sendLater(rest))
          .catch((err: Error) => log.error({ err }, 'follow-up replies failed')),
      );
    }
    return { reply: passive, outcome: dedup ? 'handled' : 'no-dedup' };
  }

  /**
   * Not awaited: a stalled store must not hold the answer past the deadline; retries keep
   * waiting meanwhile. Only retries read the record, polling, so it needs no ordering and
   * concurrent deliveries' records can share one store command.
   */
  private remember(storeKey: string, value: string): void {
    this.track(this.options.kv.setUnordered(storeKey, value, KEY_TTL_MS));
  }

  /** A retry: wait for the first delivery's reply, up to the deadline. */
  private async awaitFirst(storeKey: string, deadline: number): Promise<DeliveryOutcome> {
    while (Date.now() < deadline) {
      let value: string | null = PENDING;
      try {
        // Each read is bounded by the time left, so a stalled store cannot push the answer past the deadline.
        value = await Promise.race([this.options.kv.get(storeKey), sleep(Math.max(deadline - Date.now(), 0)).then(() => PENDING)]);
      } catch {
        // Keep polling until the deadline; the answer then is `success`.
      }
      if (value === LATE || value === null) return { reply: null, outcome: 'duplicate-late' };
      if (value !== PENDING) return { reply: (JSON.parse(value) as { reply: Reply | null }).reply, outcome: 'duplicate' };
      await sleep(Math.min(POLL_MS, Math.max(deadline - Date.now(), 0)));
    }
    return { reply: null, outcome: 'duplicate-late' };
  }
}
