import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createTestApp, type TestApp } from '../../helpers/app.js';

/**
 * The standard test app with every log line at trace level kept in memory and no
 * redaction: what a handler logs is what is asserted.
 */
export async function createLoggedTestApp(): Promise<TestApp & { logs: () => string }> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const t = await createTestApp({ log: pino({ level: 'trace' }, stream), env: { LOG_LEVEL: 'trace' } });
  return { ...t, logs: () => lines.join('') };
}
