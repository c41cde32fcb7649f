/**
 * `npm run soak` (issue 6): moderate, steady, mixed load on the real server for a set
 * time (10 minutes by default), sampling RSS and heap every 10 s, then a linear trend:
 * does memory grow? Not part of CI. Writes bench/soak-results.md.
 *
 *   npm run soak -- [--minutes=10] [--rate=300] [--connections=16] [--no-build]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase } from './lib/bench.repository.js';
import { BenchWechat } from './lib/fake-wechat.js';
import { runLoad } from './lib/load.js';
import type { WebhookRequest } from './lib/messages.js';
import { GENERATOR_CORE, pinSelf, rssBytes } from './lib/proc.js';
import { SCENARIOS, type ScenarioId } from './lib/scenarios.js';
import { startProduct, type Server } from './lib/servers.js';
import { configureProduct, flushRedis } from './lib/setup.js';
import { soakVerdict, type MemorySample } from './lib/soak-report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.SOAK_REDIS_URL ?? 'redis://127.0.0.1:6379/6';
const SAMPLE_MS = 10_000;
const SEGMENT_SEC = 60;
const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

function arg(name: string, fallback: number): number {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

const build = (id: ScenarioId, n: number) => SCENARIOS.find((s) => s.id === id)!.build(n);

/** Per ten requests: 5 plaintext keyword, 1 menu click, 2 safe mode, 1 search, 1 retry of an earlier one. */
function mixed(count: number): WebhookRequest[] {
  const out: WebhookRequest[] = [];
  while (out.length < count) {
    out.push(...build('plaintext', 5), ...build('click', 1), ...build('safe', 2), ...build('search', 1));
    out.push(out[out.length - 4]!);
  }
  return out;
}

async function heapOf(server: Server): Promise<{ used: number; total: number }> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const read = (name: string) => Number(/^(\S+) (\S+)$/m.exec(text.split('\n').find((l) => l.startsWith(`${name} `)) ?? '')?.[2] ?? NaN);
  return { used: read('weizheng_nodejs_heap_size_used_bytes'), total: read('weizheng_nodejs_heap_size_total_bytes') };
}

async function main(): Promise<void> {
  const minutes = arg('minutes', 10);
  const rate = arg('rate', 300);
  const connections = arg('connections', 16);
  pinSelf(GENERATOR_CORE);
  if (!process.argv.includes('--no-build')) execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(path.join(root, 'dist/src/main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build` first');

  const work = mkdtempSync(path.join(os.tmpdir(), 'wz-soak-'));
  const logFile = path.join(work, 'product.log');
  const db = await createBenchDatabase(ADMIN_DATABASE_URL, `wz_soak_${process.pid}`);
  await flushRedis(REDIS_URL);
  const wechat = await new BenchWechat().start();
  let product: Server | undefined;
  const samples: MemorySample[] = [];
  let answered = 0;
  let bad = 0;
  try {
    product = await startProduct({ root, databaseUrl: db.url, redisUrl: REDIS_URL, wechatApiBase: wechat.baseUrl, logFile, seedDemo: true });
    await configureProduct(product.baseUrl, db.url);
    log(`steady load: ${rate} req/s for ${minutes} min over ${connections} connections; product pid ${product.child.pid}`);
    const started = Date.now();
    const sample = async () => {
      const heap = await heapOf(product!).catch(() => ({ used: NaN, total: NaN }));
      const s = { minute: (Date.now() - started) / 60_000, rssMb: (rssBytes(product!.child.pid) ?? NaN) / 2 ** 20, heapUsedMb: heap.used / 2 ** 20, heapTotalMb: heap.total / 2 ** 20 };
      samples.push(s);
      log(`t=${s.minute.toFixed(1)} min RSS ${s.rssMb.toFixed(1)} MB, heap ${s.heapUsedMb.toFixed(1)}/${s.heapTotalMb.toFixed(1)} MB`);
    };
    await sample();
    const timer = setInterval(() => void sample(), SAMPLE_MS);
    try {
      while (Date.now() - started < minutes * 60_000) {
        const seconds = Math.min(SEGMENT_SEC, Math.ceil((minutes * 60_000 - (Date.now() - started)) / 1000));
        const perConnection = Array.from({ length: connections }, () => mixed(Math.ceil(((rate / connections) * seconds) * 1.2) + 10));
        const result = await runLoad({ baseUrl: product.baseUrl, pid: product.child.pid, connections, durationSec: seconds, perConnection, verify: (b) => b === 'success' || b.startsWith('<xml>'), overallRate: rate });
        answered += result.completed;
        bad += result.bad;
        truncateSync(logFile, 0);
      }
    } finally {
      clearInterval(timer);
    }
    await sample();
  } finally {
    await product?.stop();
    await wechat.stop();
    await db.drop();
    await flushRedis(REDIS_URL);
  }
  const verdict = soakVerdict(samples);
  const perMinute = samples.filter((s, i) => i === 0 || Math.floor(s.minute) !== Math.floor(samples[i - 1]!.minute) || i === samples.length - 1);
  const markdown = [
    '# Soak results',
    '',
    `${new Date().toISOString()}: ${rate} req/s of mixed traffic (50% keyword, 10% menu click, 20% safe mode, 10% search, 10% retries) for ${minutes} min; ` +
      `${answered.toLocaleString('en-US')} answered, ${bad} bad answers. Memory sampled every ${SAMPLE_MS / 1000} s.`,
    '',
    ...verdict.lines,
    '',
    '| minute | RSS MB | heap used MB | heap total MB |',
    '|---|---|---|---|',
    ...perMinute.map((s) => `| ${s.minute.toFixed(1)} | ${s.rssMb.toFixed(1)} | ${s.heapUsedMb.toFixed(1)} | ${s.heapTotalMb.toFixed(1)} |`),
    '',
  ].join('\n');
  writeFileSync(path.join(root, 'bench/soak-results.md'), markdown);
  console.log(`\n${markdown}`);
  process.exitCode = verdict.grows ? 2 : 0;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
