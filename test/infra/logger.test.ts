import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { lazyChild } from '../../src/infra/logger.js';

function capture(level = 'info'): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  // Synchronous destination so lines are visible right after the call.
  const log = pino({ level, base: { service: 'weizheng' }, redact: { paths: ['*.token'], censor: '[redacted]' } }, sink);
  return { log, lines };
}

const flushed = () => new Promise((resolve) => setImmediate(resolve));

describe('lazyChild', () => {
  it('when a line is written then it carries the parent bindings and every lazy level of bindings, later ones winning', async () => {
    const { log, lines } = capture();
    const request = lazyChild(log, { reqId: 'req-1', stage: 'request' });
    const message = lazyChild(request, { account: 'default', stage: 'dispatch' });
    message.info({ rule: 'keyword:1' }, 'handled');
    await flushed();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ service: 'weizheng', reqId: 'req-1', account: 'default', stage: 'dispatch', rule: 'keyword:1', msg: 'handled' });
  });

  it('when only disabled levels are used then no pino child is ever built', async () => {
    const { log, lines } = capture('info');
    const child = vi.spyOn(log, 'child');
    const lazy = lazyChild(lazyChild(log, { reqId: 'req-2' }), { account: 'default' });
    lazy.debug('not at info');
    lazy.trace('nor this');
    expect(lazy.isLevelEnabled('debug')).toBe(false);
    expect(lazy.isLevelEnabled('warn')).toBe(true);
    expect(lazy.level).toBe('info');
    await flushed();
    expect(child).not.toHaveBeenCalled();
    expect(lines).toHaveLength(0);

    lazy.warn('now it logs');
    await flushed();
    // Both lazy levels are built now (pino children inherit the spied method from their parent).
    expect(child).toHaveBeenCalledTimes(2);
    expect(lines[0]).toMatchObject({ reqId: 'req-2', account: 'default', msg: 'now it logs', level: 40 });
  });

  it('when the child is given its own level then it is a real child that honours it', async () => {
    const { log, lines } = capture('info');
    const verbose = lazyChild(log, { route: 'debugging' }, { level: 'debug' });
    verbose.debug('visible');
    await flushed();
    expect(lines).toEqual([expect.objectContaining({ route: 'debugging', msg: 'visible', level: 20 })]);
  });

  it('when bindings hold a redacted path then the lazy child still redacts it', async () => {
    const { log, lines } = capture();
    lazyChild(log, { account: { id: 'a1', token: 'secret-token' } }).error('boom');
    await flushed();
    expect(JSON.stringify(lines[0])).not.toContain('secret-token');
    expect(lines[0]).toMatchObject({ account: { id: 'a1', token: '[redacted]' } });
  });

  it('when the level of a built child is changed then that level decides', async () => {
    const { log, lines } = capture('info');
    const lazy = lazyChild(log, { reqId: 'req-3' });
    lazy.level = 'debug';
    lazy.debug('after the change');
    await flushed();
    expect(lazy.isLevelEnabled('debug')).toBe(true);
    expect(lines).toEqual([expect.objectContaining({ reqId: 'req-3', msg: 'after the change' })]);
    expect(log.isLevelEnabled('debug')).toBe(false);
  });
});

describe('the buffered production logger', () => {
  it('when the process goes quiet after a few lines then they still reach stdout while it runs', async () => {
    const { spawn } = await import('node:child_process');
    const path = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    // The child logs one line, far below the 4 KB buffer, then waits until its stdin closes.
    const script = [
      "import { createLogger } from './src/infra/logger.ts';",
      "createLogger('info', { buffered: true }).warn('REDIS_URL is not set');",
      "process.stdin.resume(); process.stdin.on('end', () => process.exit(0));",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no log line while the process ran; got ${JSON.stringify(out)}`)), 10_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('\n')) {
            clearTimeout(timer);
            resolve(out);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited (${code}) before its line was seen`)));
      });
      expect(JSON.parse(line.split('\n')[0]!)).toMatchObject({ level: 40, msg: 'REDIS_URL is not set' });
    } finally {
      child.stdin.end();
      child.kill();
    }
  });
});
