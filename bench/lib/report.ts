import os from 'node:os';
import type { LoadResult } from './load.js';
import type { ProfileSummary } from './profile.js';
import { SCENARIOS, type ScenarioId } from './scenarios.js';

/** The Markdown report: targets, per-scenario medians, every round, the profile. */

export interface RunRecord {
  round: number;
  scenario: ScenarioId;
  target: 'baseline' | 'product';
  result: LoadResult;
  /** Deliveries the product recognised as retries during the run. */
  dedupHits?: number;
}

export interface ReportInput {
  records: RunRecord[];
  settings: { connections: number; durationSec: number; rounds: number; quick: boolean; pinned: boolean; nodeFlags: string[]; logLevel: string };
  notes: string[];
  profile?: { summary: ProfileSummary; file: string; scenario: string };
  extras: Array<{ script: string; markdown: string }>;
  startedAt: Date;
  elapsedSec: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : '–');

function baselineOf(records: RunRecord[], scenario: ScenarioId, round: number): LoadResult | undefined {
  const own = SCENARIOS.find((s) => s.id === scenario)!.baseline === 'own' ? scenario : 'plaintext';
  return records.find((r) => r.round === round && r.scenario === own && r.target === 'baseline')?.result;
}

export interface ScenarioSummary {
  id: ScenarioId;
  title: string;
  rps: number;
  baselineRps: number;
  ratio: number;
  p50: number;
  p99: number;
  rssPeakMb: number;
  serverCpu: number;
  generatorCpu: number;
  otherCpu: number;
  bad: number;
  dedupHits: number;
}

export function summarize(records: RunRecord[]): ScenarioSummary[] {
  return SCENARIOS.flatMap((scenario) => {
    const runs = records.filter((r) => r.scenario === scenario.id && r.target === 'product');
    if (runs.length === 0) return [];
    const ratios = runs.map((r) => r.result.rps / (baselineOf(records, scenario.id, r.round)?.rps ?? NaN));
    return [{
      id: scenario.id,
      title: scenario.title,
      rps: median(runs.map((r) => r.result.rps)),
      baselineRps: median(runs.map((r) => baselineOf(records, scenario.id, r.round)?.rps ?? NaN)),
      ratio: median(ratios),
      p50: median(runs.map((r) => r.result.p50)),
      p99: median(runs.map((r) => r.result.p99)),
      rssPeakMb: Math.max(...runs.map((r) => r.result.rssPeakMb)),
      serverCpu: median(runs.map((r) => r.result.serverCpu)),
      generatorCpu: median(runs.map((r) => r.result.generatorCpu)),
      otherCpu: median(runs.map((r) => r.result.otherCpu)),
      bad: runs.reduce((n, r) => n + r.result.bad, 0),
      dedupHits: runs.reduce((n, r) => n + (r.dedupHits ?? 0), 0),
    }];
  });
}

/** Throughput lost going from 10 to 10,000 rules, per round, then the median. */
export function rulesCost(records: RunRecord[]): number {
  const rounds = [...new Set(records.map((r) => r.round))];
  return median(
    rounds.flatMap((round) => {
      const small = records.find((r) => r.round === round && r.scenario === 'rules-10' && r.target === 'product')?.result.rps;
      const large = records.find((r) => r.round === round && r.scenario === 'rules-10000' && r.target === 'product')?.result.rps;
      return small && large ? [1 - large / small] : [];
    }),
  );
}

export function targetsTable(records: RunRecord[]): string {
  const s = summarize(records);
  const get = (id: ScenarioId) => s.find((x) => x.id === id);
  const rss = Math.max(...records.filter((r) => r.target === 'product').map((r) => r.result.rssPeakMb));
  const cost = rulesCost(records);
  const row = (measure: string, target: string, value: string, ok: boolean | undefined) =>
    `| ${measure} | ${target} | ${value} | ${ok === undefined ? '–' : ok ? 'met' : '**missed**'} |`;
  const plain = get('plaintext')?.ratio ?? NaN;
  const safe = get('safe')?.ratio ?? NaN;
  return [
    '| measure | target | measured (median of rounds) | |',
    '|---|---|---|---|',
    // The bar every change must keep: 0.40× the bare Fastify baseline on plaintext.
    row('plaintext keyword reply, full pipeline', '≥ 0.40× baseline req/s', `${f2(plain)}×`, Number.isFinite(plain) ? plain >= 0.4 : undefined),
    row('safe mode (AES)', '≥ 0.22× baseline req/s', `${f2(safe)}×`, Number.isFinite(safe) ? safe >= 0.22 : undefined),
    row('10,000 rules against 10', '< 10% of throughput', pct(cost), Number.isFinite(cost) ? cost < 0.1 : undefined),
    row('RSS under load (peak, all scenarios)', '< 150 MB', `${f1(rss)} MB`, Number.isFinite(rss) ? rss < 150 : undefined),
  ].join('\n');
}

export function renderReport(input: ReportInput): string {
  const { records, settings } = input;
  const rows = summarize(records).map(
    (x) =>
      `| ${x.title} | ${f0(x.rps)} | ${f0(x.baselineRps)} | ${f2(x.ratio)}× | ${f1(x.p50)} | ${f1(x.p99)} | ${f1(x.rssPeakMb)} | ${f0(x.serverCpu)}% | ${f0(x.generatorCpu)}% | ${f0(x.otherCpu)}% | ${x.bad} | ${x.dedupHits} |`,
  );
  const detail = records.map(
    (r) =>
      `| ${r.round} | ${r.scenario} | ${r.target} | ${f0(r.result.rps)} | ${f1(r.result.p50)} | ${f1(r.result.p99)} | ${f1(r.result.rssPeakMb)} | ${f0(r.result.serverCpu)}% | ${f0(r.result.generatorCpu)}% | ${f0(r.result.otherCpu)}% | ${r.result.bad} |`,
  );
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const out = [
    '# Benchmark results',
    '',
    `Run ${input.startedAt.toISOString()} (${f0(input.elapsedSec)} s) on ${cpu}, ${os.cpus().length} cores, Node ${process.version}. ` +
      `${settings.rounds} rounds × ${settings.durationSec} s per run, ${settings.connections} connections, ${settings.quick ? '`--quick`' : 'full run'}. ` +
      (settings.pinned ? 'Servers pinned to core 1, load generator (autocannon) to core 0 with `taskset`.' : 'No CPU pinning (fewer than 2 cores or no taskset).') +
      (settings.nodeFlags.length ? ` Product node flags: \`${settings.nodeFlags.join(' ')}\`.` : '') +
      (settings.logLevel !== 'info' ? ` **Product LOG_LEVEL=${settings.logLevel}** (not the production setting).` : ''),
    '',
    '## Targets (issue 6)',
    '',
    targetsTable(records),
    '',
    '## Scenarios (medians of the rounds; ratio = product ÷ baseline of the same round)',
    '',
    '| scenario | req/s | baseline req/s | ratio | p50 ms | p99 ms | peak RSS MB | server CPU | generator CPU | other CPU | bad answers | dedup hits |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...input.notes.map((n) => `- ${n}`),
    '',
  ];
  if (input.profile) {
    const p = input.profile.summary;
    out.push(
      `## Profile of the ${input.profile.scenario} scenario (\`node --cpu-prof\`, self time)`,
      '',
      `${f0(p.busyMs)} ms of busy CPU sampled (${input.profile.file}).`,
      '',
      '| area | ms | share |',
      '|---|---|---|',
      ...p.areas.slice(0, 14).map((a) => `| ${a.area} | ${f0(a.ms)} | ${f1(a.share)}% |`),
      '',
      '| function | where | ms | share |',
      '|---|---|---|---|',
      ...p.functions.map((fn) => `| \`${fn.name}\` | ${fn.where} | ${f0(fn.ms)} | ${f1(fn.share)}% |`),
      '',
      'Inclusive time of our own functions (each with everything it calls):',
      '',
      '| function | where | ms | share |',
      '|---|---|---|---|',
      ...p.inclusive.map((fn) => `| \`${fn.name}\` | ${fn.where} | ${f0(fn.ms)} | ${f1(fn.share)}% |`),
      '',
    );
  }
  out.push(
    '## Every run',
    '',
    '| round | scenario | target | req/s | p50 ms | p99 ms | peak RSS MB | server CPU | generator CPU | other CPU | bad |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...detail,
    '',
  );
  for (const extra of input.extras) out.push(`## ${extra.script}`, '', extra.markdown.trim(), '');
  return out.join('\n');
}
