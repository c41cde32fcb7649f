import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StartupError } from './startup-error.js';

/**
 * One Weizheng per data folder. Two processes on one embedded database would fight over
 * postmaster.pid, and two cold starts at once over initdb; the second is refused up front
 * with a plain message instead. The lock file holds the owner's pid; a lock whose process is
 * gone (a crash, or a container restarted with the same pid) is taken over.
 */
export interface DataLock {
  release(): void;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): DataLock {
  const file = path.join(dataDir, 'weizheng.pid');
  let waits = 0;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 50) throw new StartupError(`Cannot start: cannot take the lock ${file}; check the folder's permissions`);
    try {
      mkdirSync(dataDir, { recursive: true });
      // 'wx' creates the file only if it does not exist: of two processes starting at once, one wins.
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw new StartupError(`Cannot start: DATA_DIR=${path.resolve(dataDir)} cannot be written (${code}); check the folder's owner and permissions`, { cause: err });
      }
      if (code !== 'EEXIST') throw err;
    }
    let owner: number;
    try {
      owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      continue; // removed in between: try again
    }
    if (alive(owner)) {
      throw new StartupError(
        `another Weizheng is already running with this data folder (pid ${owner}): ${path.resolve(dataDir)}. Stop it first, or set DATA_DIR to another folder.`,
      );
    }
    // An empty file belongs to a process that created it this instant and has not written its pid yet.
    if (Number.isNaN(owner) && waits++ < 20) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    rmSync(file, { force: true }); // left by a process that is gone
  }
  return {
    release() {
      try {
        if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) rmSync(file);
      } catch {
        // already gone
      }
    },
  };
}
