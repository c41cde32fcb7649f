import { Redis } from 'ioredis';
import pg from 'pg';
import { StartupError } from './startup-error.js';

/**
 * Start-up checks of the configured services. A closed port, a database that does not
 * exist or a dead Redis becomes one line naming the variable, what was tried and what to
 * check, instead of a driver's stack trace.
 */
const TIMEOUT_MS = 5000;

/** The URL as it may be printed: the password replaced. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}

function endpoint(raw: string, defaultPort: number): string {
  const url = new URL(raw);
  return `${url.hostname}:${url.port || defaultPort}`;
}

function networkAdvice(code: string | undefined, where: string, service: string): string | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return `nothing answers at ${where} (connection refused); check that ${service} is running there and the port is right`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host of ${where} was not found; check the host name and DNS`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} did not answer within ${TIMEOUT_MS / 1000} s; check the address, the firewall and the network`;
    default:
      return undefined;
  }
}

export function explainDatabaseError(url: string, err: unknown): StartupError {
  const e = err as { code?: string; message?: string };
  const parsed = new URL(url);
  const where = endpoint(url, 5432);
  const database = decodeURIComponent(parsed.pathname.slice(1)) || parsed.username || 'postgres';
  const user = decodeURIComponent(parsed.username) || 'postgres';
  let what = networkAdvice(e.code, where, 'PostgreSQL');
  if (!what && /timeout/i.test(e.message ?? '')) what = networkAdvice('ETIMEDOUT', where, 'PostgreSQL');
  if (!what) {
    if (e.code === '3D000') what = `database "${database}" does not exist on ${where}; create it (CREATE DATABASE "${database}") or fix the name`;
    else if (e.code === '28P01' || e.code === '28000') what = `PostgreSQL at ${where} refused user "${user}" (${e.message}); check the user and password, and pg_hba.conf`;
    else what = `${e.message ?? String(err)}; check the URL and that PostgreSQL at ${where} accepts connections`;
  }
  return new StartupError(`Cannot start: DATABASE_URL=${redactUrl(url)}: ${what}`, { cause: err });
}

export async function checkDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw explainDatabaseError(url, err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkRedis(url: string): Promise<void> {
  let cause: (Error & { code?: string }) | undefined;
  const client = new Redis(url, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: TIMEOUT_MS,
  });
  client.on('error', (err: Error) => (cause ??= err));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    const e = cause ?? (err as Error & { code?: string });
    const where = endpoint(url, 6379);
    let what = networkAdvice(e.code, where, 'Redis');
    if (!what && /NOAUTH|WRONGPASS|invalid password/i.test(e.message)) what = `Redis at ${where} refused the password; check the password in the URL`;
    what ??= `${e.message}; check the URL and that Redis at ${where} accepts connections`;
    throw new StartupError(`Cannot start: REDIS_URL=${redactUrl(url)}: ${what}`, { cause: e });
  } finally {
    client.disconnect();
  }
}
