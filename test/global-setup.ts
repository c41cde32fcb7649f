import pg from 'pg';
import { Redis } from 'ioredis';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** Fails fast with a clear message when the real services are not running, and drops schemas of earlier runs. */
export async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Tests need PostgreSQL at ${TEST_DATABASE_URL}: ${(err as Error).message}`, { cause: err });
  }
  // Schemas are named t_<epoch seconds>_<random>; drop those older than a day (runs that crashed),
  // never those of a run that may still be going.
  const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname ~ '^t_[0-9]+_'");
  const cutoff = Date.now() / 1000 - 24 * 3600;
  for (const { nspname } of rows) {
    if (Number(nspname.split('_')[1]) < cutoff) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  }
  await client.end();

  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
  try {
    await redis.connect();
    await redis.ping();
    // Keys of test apps are prefixed test:<epoch seconds>_<random>:, like their schemas; each file
    // removes its own when it ends (test/helpers/cleanup.ts), this catches runs that crashed.
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'test:[0-9]*_*', 'COUNT', 1000);
      cursor = next;
      const old = keys.filter((key) => Number(key.slice(5, key.indexOf('_'))) < cutoff);
      if (old.length) await redis.unlink(...old);
    } while (cursor !== '0');
  } catch (err) {
    throw new Error(`Tests need Redis at ${TEST_REDIS_URL}: ${(err as Error).message}`, { cause: err });
  } finally {
    redis.disconnect();
  }
}
