import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/lib/net.js';
import { ensureBuilt, eventually, processesUsing, root, run, status, type Run } from './support/project.js';

/**
 * `npm start` as a developer runs it, in a copy of the project with the build already made
 * (so no file here races with anyone's edits): two at once on one data folder, then npm
 * stopped by SIGTERM and by SIGKILL. Nothing may be left holding the port or the folder.
 */
describe('npm start: one server per data folder, and it stops with npm', () => {
  let project: string;
  const runs: Run[] = [];

  beforeAll(() => {
    ensureBuilt();
    project = mkdtempSync(path.join(os.tmpdir(), 'wz-npm-start-'));
    for (const file of ['package.json', '.npmrc']) cpSync(path.join(root, file), path.join(project, file));
    for (const folder of ['scripts', 'dist']) cpSync(path.join(root, folder), path.join(project, folder), { recursive: true });
    for (const shared of ['node_modules', 'migrations', 'config']) symlinkSync(path.join(root, shared), path.join(project, shared));
  });

  afterAll(async () => {
    for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    // Whatever a failed assertion left behind: only processes of this test's own folder.
    for (const line of processesUsing(project)) process.kill(Number(line.split(':')[0]), 'SIGKILL');
    rmSync(project, { recursive: true, force: true });
  });

  const npmStart = async (dataDir: string) => {
    const port = await freePort();
    const r = run('npm', ['start'], {
      cwd: project,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    });
    runs.push(r);
    return { ...r, readyz: `http://127.0.0.1:${port}/readyz` };
  };

  it('when two npm start begin at once on a new data folder then one serves and the other says plainly that it is running', async () => {
    const dataDir = path.join(project, 'data');
    const [a, b] = await Promise.all([npmStart(dataDir), npmStart(dataDir)]);
    // Whichever exits first lost the race; the other one serves.
    const winner = await Promise.race([a.exited.then(() => b), b.exited.then(() => a)]);
    const loser = winner === a ? b : a;
    expect((await loser.exited).code, loser.output()).toBe(1);
    expect(await eventually(async () => (await status(winner.readyz)) === 200, 150_000, 200), winner.output()).toBe(true);
    const serverPid = processesUsing(project).find((line) => line.includes('dist/src/main.js'))?.split(':')[0];
    expect(loser.output()).toContain(`another Weizheng is already running with this data folder (pid ${serverPid})`);
    expect(loser.output()).not.toMatch(/initdb failed|postmaster\.pid|\n\s+at /);

    // SIGTERM to npm, as `kill <pid of npm start>` sends: npm forwards it, the server drains and stops PostgreSQL.
    winner.child.kill('SIGTERM');
    await winner.exited;
    expect(await eventually(() => processesUsing(project).length === 0, 20_000), processesUsing(project).join('\n')).toBe(true);
    expect(await status(winner.readyz)).toBeUndefined();
    expect(existsSync(path.join(dataDir, 'weizheng.pid'))).toBe(false);
  }, 240_000);

  it('when npm is stopped while the server is still starting then its PostgreSQL stops too', async () => {
    // A new data folder: after PostgreSQL is up come the migrations and the demo content, seconds of start-up.
    const starting = await npmStart(path.join(project, 'data-early'));
    const serverUp = () => processesUsing(project).some((line) => line.includes('bin/postgres -D'));
    expect(await eventually(serverUp, 120_000, 20), starting.output()).toBe(true);
    starting.child.kill('SIGTERM');
    await starting.exited;
    expect(await eventually(() => processesUsing(project).length === 0, 20_000), processesUsing(project).join('\n')).toBe(true);
    expect(existsSync(path.join(project, 'data-early', 'weizheng.pid'))).toBe(false);
  }, 180_000);

  it('when npm is killed outright (SIGKILL) then the server notices and stops, with its PostgreSQL', async () => {
    const started = await npmStart(path.join(project, 'data'));
    expect(await eventually(async () => (await status(started.readyz)) === 200, 120_000, 200), started.output()).toBe(true);
    expect(processesUsing(project).some((line) => line.includes('postgres'))).toBe(true);
    started.child.kill('SIGKILL');
    expect(await eventually(() => processesUsing(project).length === 0, 20_000), processesUsing(project).join('\n')).toBe(true);
    expect(await status(started.readyz)).toBeUndefined();
  }, 180_000);
});
