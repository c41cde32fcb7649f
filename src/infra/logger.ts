import { pino, type Logger } from 'pino';

/** Keys that may carry personal data or secrets never reach a log line in clear. */
const REDACT = [
  'req.headers.authorization',
  '*.appSecret',
  '*.token',
  '*.phone',
  '*.idNumber',
  '*.name_plain',
];

/**
 * `buffered` writes stdout through a 4 KB buffer instead of one write per line: one
 * log line per message made synchronous writes about a tenth of the webhook's CPU.
 * The process must call `flushLogs` before it exits.
 */
export function createLogger(level: string, options: { buffered?: boolean } = {}): Logger {
  const settings = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'weizheng' } };
  if (!options.buffered) return pino(settings);
  const log = pino(settings, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
  // A quiet process would otherwise hold its last lines (the startup warnings, a rare error) until 4 KB pile up.
  setInterval(() => {
    try {
      log.flush();
    } catch {
      // The destination is closing: the exit path flushes what is left.
    }
  }, FLUSH_INTERVAL_MS).unref();
  return log;
}

const FLUSH_INTERVAL_MS = 500;

export function flushLogs(log: Logger): Promise<void> {
  return new Promise((resolve) => log.flush(() => resolve()));
}

type Bindings = Record<string, unknown>;
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * A child logger that is only built when a line is actually written. pino's child()
 * serialises and redacts its bindings up front; the webhook made two children per
 * message (Fastify's request logger and the dispatcher's) and, at info level, almost
 * never wrote to either, so that work was pure cost on the hot path.
 */
class LazyChild {
  private built: Logger | undefined;

  constructor(
    private readonly parent: Logger | LazyChild,
    private readonly own: Bindings,
  ) {}

  /** The pino child, built once; a lazy parent is built first. */
  real(): Logger {
    if (!this.built) {
      const parent = this.parent instanceof LazyChild ? this.parent.real() : this.parent;
      this.built = parent.child(this.own);
    }
    return this.built;
  }

  private write(level: Level, args: unknown[]): void {
    // Once built, the real child decides (its level may have been changed); before, the parent's level does.
    const log = this.built ?? (this.parent.isLevelEnabled(level) ? this.real() : undefined);
    if (log) (log[level] as (...a: unknown[]) => void)(...args);
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: object): Logger {
    return lazyChild(this as unknown as Logger, bindings, options);
  }

  isLevelEnabled(level: string): boolean {
    return (this.built ?? this.parent).isLevelEnabled(level);
  }

  bindings(): Bindings {
    return this.real().bindings();
  }

  get level(): string {
    return (this.built ?? this.parent).level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  flush(cb?: (err?: Error) => void): void {
    (this.built ?? this.parent).flush(cb);
  }
}

/** Without allocating, as Object.keys would on every request. */
function hasKeys(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/**
 * `parent.child(bindings)`, built on first use. Options that change the child's
 * behaviour (its own level, serializers) need a real child at once.
 */
export function lazyChild(parent: Logger, bindings: Bindings, options?: object): Logger {
  const lazyParent = (parent as unknown) instanceof LazyChild ? (parent as unknown as LazyChild) : undefined;
  if (options && hasKeys(options)) return (lazyParent?.real() ?? parent).child(bindings, options);
  return new LazyChild(lazyParent ?? parent, bindings) as unknown as Logger;
}
