// `npm start` runs this first: it builds only when a source file is newer than the build, so a
// warm restart starts at once while the first `npm install && npm start` (no dist/) still builds.
// Plain JavaScript on purpose: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const root = process.cwd();
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json'];
const outputs = ['dist/src/main.js', 'dist/console/index.html'];

/** The newest modification time under `target` (a file or a folder), 0 if it does not exist. */
function newest(target) {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted or renamed file changes its folder
  for (const entry of readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

function oldestOutput() {
  let oldest = Infinity;
  for (const output of outputs) {
    try {
      oldest = Math.min(oldest, statSync(path.join(root, output)).mtimeMs);
    } catch {
      return 0; // missing: never built
    }
  }
  return oldest;
}

const sources = Math.max(...inputs.map((input) => newest(path.join(root, input))));
const built = oldestOutput();
if (built > 0 && sources <= built) {
  process.stdout.write('build is up to date\n');
} else {
  process.stdout.write(built === 0 ? 'building (first start)\n' : 'sources changed: building\n');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
