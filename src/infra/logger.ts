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
  return pino(settings, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}

export function flushLogs(log: Logger): Promise<void> {
  return new Promise((resolve) => log.flush(() => resolve()));
}
