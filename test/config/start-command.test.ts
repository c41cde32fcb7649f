import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the production start command', () => {
  it('when the image starts then it runs exactly what `npm start` runs, V8 heap flags included', () => {
    const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const cmdLine = readFileSync(path.join(root, 'Dockerfile'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('CMD '));
    expect(cmdLine, 'Dockerfile has a CMD').toBeDefined();
    const cmd = JSON.parse(cmdLine!.slice('CMD '.length)) as string[];
    expect(cmd).toEqual(start.trim().split(/\s+/));
    // The memory budget under load depends on these (README, Performance).
    expect(cmd).toEqual(expect.arrayContaining(['--max-semi-space-size=32', '--min-semi-space-size=32', '--heap-growing-percent=30']));
  });
});
