import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Feature benchmarks other engineers maintain as standalone scripts (bench/search.ts,
 * bench/booking.ts). Each prints Markdown on stdout; it is included as-is.
 */
export const EXTRA_SCRIPTS = ['search.ts', 'booking.ts'];
const TIMEOUT_MS = 240_000;

export async function runExtras(root: string, quick: boolean, log: (line: string) => void): Promise<Array<{ script: string; markdown: string }>> {
  const out: Array<{ script: string; markdown: string }> = [];
  for (const script of EXTRA_SCRIPTS) {
    const file = path.join(root, 'bench', script);
    if (!existsSync(file)) continue;
    log(`running bench/${script}`);
    out.push({ script: `bench/${script}`, markdown: await runScript(root, file, quick) });
  }
  return out;
}

function runScript(root: string, file: string, quick: boolean): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...(quick ? ['--quick'] : [])], {
      cwd: root,
      env: { ...process.env, BENCH_QUICK: quick ? '1' : '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else resolve(`${stdout}\n\n> **The script failed** (${signal ?? `exit ${code}`}):\n\n\`\`\`\n${stderr.trim()}\n\`\`\``);
    });
  });
}
