import type { Logger } from 'pino';
import { maskOpenId } from '../lib/mask.js';
import type { PiiCipher } from '../lib/pii.js';
import type { Account } from '../wechat/account.js';
import type { InboundMessage, Reply } from '../wechat/types.js';
import { copyLine } from './copy-line.js';
import type { LogRow, MessageLogRepository } from './message-log.repository.js';
import { describe, isSimulated, needsAttention, replyText } from './message-view.js';

/** The keyed-hash purpose of a citizen id: threads and filters without the openId. */
export const citizenOf = (pii: PiiCipher, accountId: string, openId: string) => pii.hash('message-log-citizen', `${accountId}\u0000${openId}`).slice(0, 32);

/** About 200 bytes each: 50,000 recent citizens cost some 10 MB. */
const MAX_CITIZENS = 50_000;

export interface WriterOptions {
  flushMs?: number;
  /** Flush at once when this many rows wait. */
  maxRows?: number;
  /** Beyond this many waiting rows (database down), new rows are dropped and counted. */
  maxBuffered?: number;
}

/**
 * A single text reply is the reply text itself: the row keeps it once, in reply_text,
 * and the inbox rebuilds the reply from it (message-view.ts, repliesOf).
 */
const storedReplies = (replies: Reply[]) => (replies.length === 1 && replies[0]!.type === 'text' ? null : replies);

/**
 * Writes the message log off the reply path: the dispatcher's hook turns the message
 * into one COPY line and pushes it to a buffer; a timer writes the buffer with one COPY,
 * and close() writes what is left. Only flat strings wait for the batch: objects held
 * for up to a second would survive the young generation and cost the garbage collector
 * far more than building the line at once.
 */
export function createMessageLogWriter(repo: MessageLogRepository, pii: PiiCipher, log: Logger, options: WriterOptions = {}) {
  const flushMs = options.flushMs ?? 1000;
  const maxRows = options.maxRows ?? 500;
  const maxBuffered = options.maxBuffered ?? 20_000;
  let buffer: string[] = [];
  let dropped = 0;
  let flushing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  /**
   * A citizen's hash, ciphertext and mask are computed once and reused: the same few
   * citizens write many messages, and an HMAC plus an AES-GCM encryption per row is most
   * of the log's cost. Bounded: when full, the citizen seen longest ago is forgotten (a
   * Map iterates in insertion order, and a citizen seen again moves to the end).
   */
  const citizens = new Map<string, { citizen: string; enc: string; masked: string }>();
  const identity = (accountId: string, openId: string) => {
    const key = `${accountId}\u0000${openId}`;
    let known = citizens.get(key);
    if (known) {
      citizens.delete(key);
    } else {
      if (citizens.size >= MAX_CITIZENS) citizens.delete(citizens.keys().next().value!);
      known = { citizen: citizenOf(pii, accountId, openId), enc: pii.encrypt(openId), masked: maskOpenId(openId) };
    }
    citizens.set(key, known);
    return known;
  };

  const toRow = (accountId: string, message: InboundMessage, replies: Reply[], rule: string): LogRow | undefined => {
    const described = describe(message);
    if (!described) return undefined;
    const openId = message.openId;
    const who = identity(accountId, openId);
    return {
      accountId,
      citizen: who.citizen,
      openIdEnc: who.enc,
      openIdMasked: who.masked,
      direction: 'in',
      kind: described.kind,
      text: described.text,
      detail: described.detail,
      replies: storedReplies(replies),
      replyText: replyText(replies),
      rule,
      attention: needsAttention(rule),
      test: isSimulated(openId),
      createdAt: new Date(),
    };
  };

  async function write(batch: string[]): Promise<void> {
    for (let i = 0; i < batch.length; i += maxRows) {
      try {
        await repo.copyLines(batch.slice(i, i + maxRows));
      } catch (err) {
        log.warn({ err: (err as Error).message, rows: Math.min(maxRows, batch.length - i) }, 'message log rows not written');
      }
    }
  }

  function flush(): Promise<void> {
    if (buffer.length === 0) return flushing;
    const batch = buffer;
    buffer = [];
    if (dropped > 0) {
      log.warn({ dropped }, 'message log buffer was full; messages not logged');
      dropped = 0;
    }
    flushing = flushing.then(() => write(batch));
    return flushing;
  }

  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, flushMs);
    timer.unref();
  };

  return {
    /** The dispatcher's onHandled hook: constant work, no I/O. */
    record(account: Account, message: InboundMessage, replies: Reply[], rule: string): void {
      if (buffer.length >= maxBuffered) {
        dropped++;
        return;
      }
      const row = toRow(account.id, message, replies, rule);
      if (!row) return;
      buffer.push(copyLine(row));
      if (buffer.length >= maxRows) void flush();
      else schedule();
    },
    flush,
    async close(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}

export type MessageLogWriter = ReturnType<typeof createMessageLogWriter>;
