import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../global-setup.js';

/**
 * What a test file created on the shared PostgreSQL and Redis (schemas, key prefixes),
 * removed when the file ends. The hook is registered when this module is first imported
 * by a test file (each file gets its own module instance), before the file's own hooks:
 * after-hooks run in reverse order, so the file's apps are closed by then.
 */
const schemas = new Set<string>();
const prefixes = new Set<string>();

/** Removes what was registered so far; test files do it after their last test, scripts when they finish. */
export async function cleanUpNow(): Promise<void> {
  const dropping = [...schemas];
  const forgetting = [...prefixes];
  schemas.clear();
  prefixes.clear();
  await Promise.all([dropSchemas(TEST_DATABASE_URL, dropping), deleteKeys(TEST_REDIS_URL, forgetting)]);
}

// `npm run eval` builds a test app outside vitest, where there is no file to hook onto: it calls cleanUpNow itself.
if (process.env.VITEST) afterAll(cleanUpNow);

/** Drops `schema` and the schemas named after it (CASCADE) when the current test file ends. */
export function dropAfterFile(schema: string): string {
  schemas.add(schema);
  return schema;
}

/** Deletes every key under `prefix` on the test Redis when the current test file ends. */
export function deleteKeysAfterFile(prefix: string): string {
  prefixes.add(prefix);
  return prefix;
}

export async function dropSchemas(databaseUrl: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    // With the schemas that belong to it, named after it (the reminder queue's <schema>_pgboss).
    const { rows } = await client.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace, unnest($1::text[]) AS n WHERE nspname = n OR starts_with(nspname, n || '_')",
      [names],
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(nspname)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** SCAN, not KEYS: the shared Redis keeps serving other files meanwhile. */
export async function deleteKeys(redisUrl: string, keyPrefixes: string[], match: (key: string) => boolean = () => true): Promise<number> {
  if (keyPrefixes.length === 0) return 0;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    for (const prefix of keyPrefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 1000);
        cursor = next;
        const doomed = keys.filter(match);
        if (doomed.length) deleted += await redis.unlink(...doomed);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');
