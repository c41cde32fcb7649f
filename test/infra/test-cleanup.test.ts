import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../global-setup.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'wz-cleanup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tests clean up after themselves', () => {
  it('when a test file ends then its schema and its Redis keys are gone, TTL or not', async () => {
    const report = path.join(work, 'isolation.json');
    await promisify(execFile)(
      path.join(root, 'node_modules/.bin/vitest'),
      ['run', '--config', 'test/infra/fixtures/vitest.fixture.config.ts', 'test/infra/fixtures/leaves-data.fixture.ts'],
      { cwd: root, env: { ...process.env, CLEANUP_REPORT: report } },
    );
    const isolation = JSON.parse(readFileSync(report, 'utf8')) as { schema: string; prefix: string };
    expect(isolation.prefix).toMatch(/^test:\d+_[0-9a-f]+:$/);

    const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const schemas = await db.query("SELECT 1 FROM pg_namespace WHERE nspname = $1 OR starts_with(nspname, $1 || '_')", [isolation.schema]).finally(() => db.end());
    const redis = new Redis(TEST_REDIS_URL);
    const [, keys] = await redis.scan('0', 'MATCH', `${isolation.prefix}*`, 'COUNT', 100_000).finally(() => redis.disconnect());

    expect({ schemas: schemas.rowCount, keys }).toEqual({ schemas: 0, keys: [] });
  });
});
