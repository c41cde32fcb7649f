import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/infra/data-lock.js';

/** One server per data folder: the pid lock taken before the embedded PostgreSQL starts. */
describe('the data folder lock', () => {
  let dir: string;
  const lockFile = () => path.join(dir, 'weizheng.pid');
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wz-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when another live process holds the folder then the start is refused in one plain sentence naming its pid', () => {
    writeFileSync(lockFile(), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(`another Weizheng is already running with this data folder (pid ${process.ppid})`);
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.ppid));
  });

  it('when the holder is gone (a crash) then the lock is taken over, and released on stop', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lockFile(), `${gone.stdout}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('when the folder does not exist yet then it is created with the lock; a lock naming this very pid (a container restarted as pid 1) is taken over', () => {
    const nested = path.join(dir, 'a', 'b');
    const lock = lockDataDir(nested);
    expect(readFileSync(path.join(nested, 'weizheng.pid'), 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(nested)).not.toThrow();
    lock.release();
  });
});
