import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/lib/net.js';
import { TEST_DATABASE_URL } from '../global-setup.js';
import { root, run } from './support/project.js';

/** The real process entry, started with services it cannot use: one plain line per problem, exit 1, no stack trace. */
const PRODUCTION = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  WECHAT_TOKEN: 'startuperrors',
  WECHAT_APPID: 'wxstartuperrors01',
  WECHAT_APPSECRET: 'startup-errors-secret',
  ADMIN_TOKEN: 'startup-errors-admin-token',
  ADMIN_USERNAME: 'ops',
  ADMIN_PASSWORD: 'startup-errors-password',
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'warn',
};

async function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const r = run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { PATH: process.env.PATH, PORT: String(await freePort()), ...env } });
  const { code } = await r.exited;
  return { code, output: r.output() };
}

const noStack = (output: string) => expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
const dbUrl = (name: string) => TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${name}`);

describe('start-up with unreachable services', () => {
  const database = `wz_startup_${randomBytes(4).toString('hex')}`;
  let deadPort: number;

  beforeAll(async () => {
    deadPort = await freePort();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`CREATE DATABASE ${database}`);
    await client.end();
  });

  afterAll(async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database}`);
    await client.end();
  });

  it('when DATABASE_URL names a closed port then one line names it, what was tried and what to check', async () => {
    const { code, output } = await start({ ...PRODUCTION, DATABASE_URL: `postgres://wz:secret@127.0.0.1:${deadPort}/weizheng`, REDIS_URL: 'redis://127.0.0.1:6379/0' });
    expect(code).toBe(1);
    expect(output).toContain(`DATABASE_URL=postgres://wz:***@127.0.0.1:${deadPort}/weizheng`);
    expect(output).toContain(`nothing answers at 127.0.0.1:${deadPort} (connection refused); check that PostgreSQL is running there`);
    expect(output).not.toContain(':secret@');
    noStack(output);
  });

  it('when the database does not exist and Redis is dead then both are named at once, and nothing was migrated', async () => {
    const missing = `wz_missing_${randomBytes(4).toString('hex')}`;
    const { code, output } = await start({ ...PRODUCTION, DATABASE_URL: dbUrl(missing), REDIS_URL: `redis://127.0.0.1:${deadPort}/0` });
    expect(code).toBe(1);
    expect(output).toContain(`database "${missing}" does not exist`);
    expect(output).toContain(`REDIS_URL=redis://127.0.0.1:${deadPort}/0: nothing answers at 127.0.0.1:${deadPort} (connection refused); check that Redis is running`);
    noStack(output);
  });

  it('when only Redis is dead then start-up stops before the database is touched', async () => {
    const { code, output } = await start({ ...PRODUCTION, DATABASE_URL: dbUrl(database), REDIS_URL: `redis://127.0.0.1:${deadPort}/0` });
    expect(code).toBe(1);
    expect(output).toContain('REDIS_URL=');
    noStack(output);
    const client = new pg.Client({ connectionString: dbUrl(database) });
    await client.connect();
    const { rows } = await client.query("SELECT to_regclass('public.pgmigrations') AS table");
    await client.end();
    expect(rows[0].table).toBeNull();
  });

  it('when no Redis Cluster node answers then one line names REDIS_CLUSTER_NODES, before the database is touched', async () => {
    const { code, output } = await start({ ...PRODUCTION, DATABASE_URL: dbUrl(database), REDIS_CLUSTER_NODES: `127.0.0.1:${deadPort}` });
    expect(code).toBe(1);
    expect(output).toContain(`Cannot start: REDIS_CLUSTER_NODES=127.0.0.1:${deadPort}:`);
    noStack(output);
    const client = new pg.Client({ connectionString: dbUrl(database) });
    await client.connect();
    const { rows } = await client.query("SELECT to_regclass('public.pgmigrations') AS table");
    await client.end();
    expect(rows[0].table).toBeNull();
  });

  it('when production starts with nothing set then every missing variable is named in one message', async () => {
    const { code, output } = await start({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'WECHAT_TOKEN', 'WECHAT_APPID', 'WECHAT_APPSECRET', 'ADMIN_TOKEN', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'DATA_ENCRYPTION_KEY']) {
      expect(output).toContain(`  ${name} is required`);
    }
    noStack(output);
  });
});
