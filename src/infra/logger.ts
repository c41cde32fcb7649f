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

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { service: 'weizheng' },
  });
}
