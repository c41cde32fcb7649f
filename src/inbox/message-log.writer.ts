import type { Logger } from 'pino';
import { maskOpenId } from '../lib/mask.js';
import type { PiiCipher } from '../lib/pii.js';
import type { Account } from '../wechat/account.js';
import type { InboundMessage, Reply } from '../wechat/types.js';
import { citizenColumns, messageColumns } from './copy-line.js';
import type { MessageLogRepository } from './message-log.repository.js';
import { describe, isSimulated, needsAttention, replyText } from './message-view.js';

/** The keyed-hash purpose of a citizen id: threads and filters without the openId. */
export const citizenOf = (pii: PiiCipher, accountId: string, openId: string) => pii.hash('message-log-citizen', `${accountId}\u0000${openId}`).slice(0, 32);

/** About 250 bytes each: 50,000 recent citizens cost some 12 MB. */
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
   * A citizen's first four columns (account, keyed hash, encrypted and masked openId) are
   * built once and reused: the same citizens write many messages, and an HMAC plus an
   * AES-GCM encryption per row would be most of the log's cost. Bounded: when full, the
   * citizen cached first is forgotten (no reordering on a hit, which would cost every row).
   */
  const citizens = new Map<string, Map<string, string>>();
  let cached = 0;
  const citizenPart = (accountId: string, openId: string): string => {
    let ofAccount = citizens.get(accountId);
    if (!ofAccount) citizens.set(accountId, (ofAccount = new Map()));
    let part = ofAccount.get(openId);
    if (part === undefined) {
      if (cached >= MAX_CITIZENS) {
        const [account, oldest] = citizens.entries().next().value!;
        oldest.delete(oldest.keys().next().value!);
        if (oldest.size === 0 && account !== accountId) citizens.delete(account);
        cached--;
      }
      part = citizenColumns({ accountId, citizen: citizenOf(pii, accountId, openId), openIdEnc: pii.encrypt(openId), openIdMasked: maskOpenId(openId) });
      ofAccount.set(openId, part);
      cached++;
    }
    return part;
  };

  const lineOf = (accountId: string, message: InboundMessage, replies: Reply[], rule: string): string | undefined => {
    const described = describe(message);
    if (!described) return undefined;
    return (
      citizenPart(accountId, message.openId) +
      messageColumns({
        direction: 'in',
        kind: described.kind,
        text: described.text,
        detail: described.detail,
        replies: storedReplies(replies),
        replyText: replyText(replies),
        rule,
        attention: needsAttention(rule),
        test: isSimulated(message.openId),
        createdAt: new Date(),
      })
    );
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
      const line = lineOf(account.id, message, replies, rule);
      if (line !== undefined) buffer.push(line);
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
