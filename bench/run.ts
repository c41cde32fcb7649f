/**
 * `npm run bench` (issue 6): the real server, compiled and in production mode, against a
 * bare Fastify baseline, interleaved round by round, with req/s, p50/p99, RSS and the
 * ratio to the same round's baseline; a CPU profile of the plaintext hot path; the
 * feature benchmarks (bench/search.ts, bench/booking.ts) when present. Writes bench/results.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase } from './lib/bench.repository.js';
import { runExtras } from './lib/extras.js';
import { BenchWechat } from './lib/fake-wechat.js';
import { runInstancesBench } from './lib/fleet-run.js';
import { parseOptions, USAGE } from './lib/options.js';
import { GENERATOR_CORE, PINNED, pinSelf } from './lib/proc.js';
import { profileScenario } from './lib/profile-run.js';
import { renderReport, summarize, targetsTable, type RunRecord } from './lib/report.js';
import { runRounds, scenariosFor, warmUp } from './lib/rounds.js';
import { checkScenarios } from './lib/sanity.js';
import { productionNodeFlags, startBaseline, startProduct, type ProductOptions, type Server } from './lib/servers.js';
import { configureProduct, flushRedis } from './lib/setup.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return console.log(USAGE);
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  if (options.instances) {
    if (options.build) buildProduct();
    const ok = await runInstancesBench(root, { ...options, instances: options.instances }, { adminDatabaseUrl: ADMIN_DATABASE_URL, redisUrl: REDIS_URL }, log);
    if (!ok) process.exitCode = 1;
    return;
  }
  pinSelf(GENERATOR_CORE);
  if (options.build) buildProduct();
  if (!existsSync(path.join(root, 'dist/src/main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build` first');

  const work = mkdtempSync(path.join(os.tmpdir(), 'wz-bench-'));
  const db = await createBenchDatabase(ADMIN_DATABASE_URL, `wz_bench_${process.pid}`);
  await flushRedis(REDIS_URL);
  const wechat = await new BenchWechat().start();
  const productOptions: ProductOptions = {
    root,
    databaseUrl: db.url,
    redisUrl: REDIS_URL,
    wechatApiBase: wechat.baseUrl,
    logFile: path.join(work, 'product.log'),
    seedDemo: options.seedDemo,
    nodeFlags: options.nodeFlags,
    logLevel: options.logLevel,
  };
  let product: Server | undefined;
  let baseline: Server | undefined;
  let records: RunRecord[];
  const notes: string[] = [];
  let profile: Awaited<ReturnType<typeof profileScenario>> | undefined;
  try {
    log(`work directory ${work}; database ${db.url}; Redis ${REDIS_URL}`);
    [product, baseline] = await Promise.all([startProduct(productOptions), startBaseline(root, path.join(work, 'baseline.log'))]);
    await configureProduct(product.baseUrl, db.url);
    const scenarios = scenariosFor(options.only);
    notes.push(...(await checkScenarios(product, baseline, scenarios)));
    const ctx = { product, baseline, scenarios, connections: options.connections, durationSec: options.durationSec, warmupSec: options.warmupSec, rounds: options.rounds, productLog: productOptions.logFile, log };
    const estimates = await warmUp(ctx);
    records = await runRounds(ctx, estimates);
    await product.stop();
    product = undefined;
    if (options.profile) {
      log('profiling the plaintext scenario (node --cpu-prof)');
      const id = options.profileScenario;
      profile = await profileScenario(productOptions, { connections: options.connections, durationSec: options.durationSec, rps: estimates.get(id) ?? 10_000 }, path.join(work, 'profile'), id);
    }
  } finally {
    await product?.stop();
    await baseline?.stop();
    await wechat.stop();
    await db.drop();
    await flushRedis(REDIS_URL);
  }
  notes.push(...runNotes(records), `Customer-service calls seen by the fake WeChat API: ${wechat.counts.customSend}; token fetches: ${wechat.counts.token}.`);
  const extras = options.extras ? await runExtras(root, options.quick, log) : [];
  const markdown = renderReport({
    records,
    settings: { connections: options.connections, durationSec: options.durationSec, rounds: options.rounds, quick: options.quick, pinned: PINNED, nodeFlags: options.nodeFlags, logLevel: options.logLevel },
    notes,
    profile,
    extras,
    startedAt,
    elapsedSec: (Date.now() - startedAt.getTime()) / 1000,
  });
  // A quick or partial run is for comparing two builds: it leaves the published figures alone.
  const partial = options.quick || options.only !== undefined;
  const resultsFile = partial ? path.join(work, 'results.md') : path.join(root, 'bench/results.md');
  writeFileSync(resultsFile, markdown);
  if (!partial) updateReadme(records);
  console.log(`\n${markdown}`);
  log(`wrote ${resultsFile}${profile ? `; profile: ${profile.file}` : ''}`);
}

function buildProduct(): void {
  log('building (tsc -p tsconfig.build.json)');
  execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

function runNotes(records: RunRecord[]): string[] {
  const notes = [
    `The product runs compiled (\`node ${productionNodeFlags(root).join(' ')} dist/src/main.js\`, the flags of \`npm start\`) with NODE_ENV=production, demo content loaded and LOG_LEVEL=info, logging to a file: every message is signature-checked, parsed, de-duplicated in Redis, routed, answered and counted in metrics (its log line is at debug level; warnings and errors are written).`,
    'CPU figures are % of one core over the measured window. "Other CPU" is everything else on the machine (Redis and Postgres, which are not pinned, and any unrelated work); when it is high the machine was shared and the figures are noisy.',
  ];
  const other = records.map((r) => r.result.otherCpu);
  if (other.length && Math.max(...other) > 60) {
    notes.push(`**The machine was busy with other work during some runs** (other CPU up to ${Math.max(...other).toFixed(0)}% of a core): compare ratios of the same round only, and rerun on a quiet machine for release figures.`);
  }
  const baselineCpu = records.filter((r) => r.target === 'baseline').map((r) => r.result.serverCpu);
  if (baselineCpu.some((c) => c < 90)) {
    notes.push(`**The baseline was not CPU-bound in every run** (server CPU as low as ${Math.min(...baselineCpu).toFixed(0)}%): the load generator limited it, so ratios are overstated there.`);
  }
  for (const s of summarize(records)) {
    if (s.bad > 0) notes.push(`**${s.title}: ${s.bad} answers were not 2xx, failed or did not match the expected reply.**`);
    if (s.id !== 'retry-mix' && s.dedupHits > 0) notes.push(`${s.title}: ${s.dedupHits} deliveries were de-duplicated (a request list wrapped around).`);
  }
  return notes;
}

/** Keeps the README's performance section current, between `<!-- bench:start -->` and `<!-- bench:end -->`. */
function updateReadme(records: RunRecord[]): void {
  const file = path.join(root, 'README.md');
  if (!existsSync(file) || records.length === 0) return;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('<!-- bench:start -->');
  const end = text.indexOf('<!-- bench:end -->');
  if (start === -1 || end < start) return log('README.md has no <!-- bench:start --> … <!-- bench:end --> section; not updated');
  const section = `<!-- bench:start -->\n${targetsTable(records)}\n\nFull figures: [bench/results.md](bench/results.md).\n`;
  writeFileSync(file, text.slice(0, start) + section + text.slice(end));
  log('updated the performance section of README.md');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
