import path from 'node:path';
import { runner } from 'node-pg-migrate';
import type { Logger } from 'pino';
import { projectRoot } from '../lib/paths.js';

export async function migrate(connectionString: string, log: Logger, schema?: string): Promise<string[]> {
  const applied = await runner({
    databaseUrl: {
      connectionString,
      options: schema ? `-c search_path=${schema},public` : undefined,
    },
    dir: path.join(projectRoot(), 'migrations'),
    direction: 'up',
    migrationsTable: 'pgmigrations',
    schema,
    createSchema: Boolean(schema),
    checkOrder: true,
    log: (message: string) => log.debug({ migration: true }, message),
    noLock: false,
    // Several processes (instances, parallel test files) may start at once: wait for the lock instead of failing.
    advisoryLockMode: 'wait',
  });
  const names = applied.map((m) => m.name);
  if (names.length > 0) log.info({ migrations: names }, 'database migrated');
  return names;
}
