import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './support/project.js';

/**
 * prestart (scripts/build-if-stale.mjs) in a small project of its own whose "build" only
 * counts how often it ran and writes the two outputs `npm start` needs.
 */
describe('npm start builds only when the sources changed', () => {
  let project: string;
  const builds = () => Number(readFileSync(path.join(project, 'builds'), 'utf8'));
  const prestart = () => {
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/build-if-stale.mjs')], { cwd: project, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  };
  const later = (file: string, seconds: number) => {
    const when = new Date(Date.now() + seconds * 1000);
    utimesSync(path.join(project, file), when, when);
  };

  beforeAll(() => {
    project = mkdtempSync(path.join(os.tmpdir(), 'wz-build-if-stale-'));
    mkdirSync(path.join(project, 'src/console'), { recursive: true });
    writeFileSync(path.join(project, 'src/main.ts'), 'export {};\n');
    writeFileSync(path.join(project, 'src/console/App.vue'), '<template />\n');
    writeFileSync(path.join(project, 'tsconfig.json'), '{}\n');
    writeFileSync(path.join(project, 'builds'), '0');
    const build = [
      "const fs = require('node:fs');",
      "fs.mkdirSync('dist/src', { recursive: true }); fs.mkdirSync('dist/console', { recursive: true });",
      "fs.writeFileSync('dist/src/main.js', ''); fs.writeFileSync('dist/console/index.html', '');",
      "fs.writeFileSync('builds', String(Number(fs.readFileSync('builds', 'utf8')) + 1));",
    ].join(' ');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'stale-check', private: true, scripts: { build: `node -e "${build}"` } }));
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('when nothing was built yet then it builds (the first npm install && npm start)', () => {
    expect(prestart()).toContain('building (first start)');
    expect(builds()).toBe(1);
  });

  it('when no source changed since then it does not build again', () => {
    expect(prestart()).toContain('build is up to date');
    expect(prestart()).toContain('build is up to date');
    expect(builds()).toBe(1);
  });

  it('when a server source, a console source or the compiler settings change then it builds once', () => {
    for (const [file, expected] of [['src/main.ts', 2], ['src/console/App.vue', 3], ['tsconfig.json', 4]] as const) {
      later(file, 60 * expected);
      expect(prestart()).toContain('sources changed: building');
      expect(builds()).toBe(expected);
      later('dist/src/main.js', 60 * expected + 1);
      later('dist/console/index.html', 60 * expected + 1);
    }
    expect(prestart()).toContain('build is up to date');
    expect(builds()).toBe(4);
  });

  it('when one of the outputs is missing then it builds', () => {
    rmSync(path.join(project, 'dist/console/index.html'));
    expect(prestart()).toContain('building (first start)');
    expect(builds()).toBe(5);
  });
});
