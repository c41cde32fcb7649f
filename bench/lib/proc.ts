import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Process plumbing for the benchmark: CPU pinning, /proc sampling, child processes.
 * Linux only (taskset, /proc); elsewhere pinning and sampling are skipped.
 */

export const CORES = os.availableParallelism();
/** With two cores or more: servers on core 1, the load generator (this process) on core 0. */
export const PINNED = CORES >= 2 && process.platform === 'linux' && hasTaskset();
export const SERVER_CORE = 1;
export const GENERATOR_CORE = 0;

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins every thread of this process (libuv pool and V8 helpers included) to one core. */
export function pinSelf(core: number): void {
  if (PINNED) execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}

export { freePort } from '../../src/lib/net.js';

/** Resident set size in bytes (VmRSS), or undefined when the process is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = 100;

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that closes the command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** CPU seconds all processes on the machine have used (busy time of /proc/stat's first line). */
export function systemBusySeconds(): number | undefined {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

export interface Child {
  process: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
  /** Sends a signal and waits for the exit code; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
}

/** Spawns `node args` (pinned to the server core when pinning is available, unless `pin` is false). */
export function spawnNode(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; stdout: number | 'ignore'; pin?: boolean }): Child {
  const [cmd, argv] = PINNED && options.pin !== false ? ['taskset', ['-c', String(SERVER_CORE), process.execPath, ...args]] : [process.execPath, args];
  // taskset execs the command, so the child's pid is node's own.
  const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env, stdio: ['ignore', options.stdout, options.stdout] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    pid: child.pid!,
    exited,
    async stop(signal = 'SIGTERM', graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function waitForHttp(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`process exited with ${child.process.exitCode} before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
