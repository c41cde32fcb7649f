import { truncateSync } from 'node:fs';
import { perConnection, runLoad, type LoadResult } from './load.js';
import { sleep } from './proc.js';
import type { RunRecord } from './report.js';
import { SCENARIOS, type Scenario } from './scenarios.js';
import type { Server } from './servers.js';
import { counter } from './setup.js';

/** Warm-up and the interleaved rounds: baseline, product, baseline, product… */

export interface RoundContext {
  product: Server;
  baseline: Server;
  connections: number;
  durationSec: number;
  warmupSec: number;
  rounds: number;
  scenarios: Scenario[];
  productLog: string;
  log(line: string): void;
}

/**
 * Requests prepared for a run at `rps` with ample headroom, so the product's lists never
 * wrap around (a wrap would re-send MsgIds). The baseline gets the same lists first and
 * may wrap: it keeps no state, and a repeated request costs it the same.
 */
const budget = (rps: number, durationSec: number, connections: number) => Math.ceil(rps * durationSec * 2) + connections * 100;

/** The baseline answers every push with the same XML; the product must answer as the scenario expects. */
export const verifierFor = (server: Server, scenario: Scenario) => (server.name === 'baseline' ? (body: string) => body.startsWith('<xml>') : scenario.verify);

async function measure(server: Server, scenario: Scenario, requests: ReturnType<typeof perConnection>, ctx: RoundContext, durationSec: number): Promise<LoadResult> {
  await sleep(300);
  return runLoad({ baseUrl: server.baseUrl, pid: server.child.pid, connections: ctx.connections, durationSec, perConnection: requests, verify: verifierFor(server, scenario) });
}

/** Short runs of every scenario on both servers: JIT warm-up, and rate estimates for sizing. */
export async function warmUp(ctx: RoundContext): Promise<Map<string, number>> {
  const estimates = new Map<string, number>();
  for (const scenario of ctx.scenarios) {
    const requests = perConnection(scenario.build, ctx.connections, budget(20_000, ctx.warmupSec, ctx.connections));
    const base = await measure(ctx.baseline, scenario, requests, ctx, ctx.warmupSec);
    const prod = await measure(ctx.product, scenario, requests, ctx, ctx.warmupSec);
    // The product's rate sizes the lists; a cold first run underestimates it, hence the floor.
    estimates.set(scenario.id, Math.max(prod.rps * 1.5, 8000));
    ctx.log(`warm-up ${scenario.id}: baseline ${Math.round(base.rps)} req/s, product ${Math.round(prod.rps)} req/s`);
  }
  return estimates;
}

export async function runRounds(ctx: RoundContext, estimates: Map<string, number>): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  for (let round = 1; round <= ctx.rounds; round++) {
    for (const scenario of ctx.scenarios) {
      // The same requests go to the baseline first, then to the product (the baseline keeps no dedup state).
      const requests = perConnection(scenario.build, ctx.connections, budget(estimates.get(scenario.id) ?? 20_000, ctx.durationSec, ctx.connections));
      if (scenario.baseline === 'own') {
        const result = await measure(ctx.baseline, scenario, requests, ctx, ctx.durationSec);
        records.push({ round, scenario: scenario.id, target: 'baseline', result });
        ctx.log(`round ${round} ${scenario.id} baseline: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms, bad ${result.bad}`);
      }
      const dedupBefore = await counter(ctx.product.baseUrl, 'weizheng_dedup_hits_total');
      const result = await measure(ctx.product, scenario, requests, ctx, ctx.durationSec);
      const dedupHits = (await counter(ctx.product.baseUrl, 'weizheng_dedup_hits_total')) - dedupBefore;
      estimates.set(scenario.id, Math.max(estimates.get(scenario.id) ?? 0, result.rps * 1.5));
      records.push({ round, scenario: scenario.id, target: 'product', result, dedupHits });
      ctx.log(
        `round ${round} ${scenario.id} product: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
          `RSS ${result.rssPeakMb.toFixed(0)} MB, server CPU ${result.serverCpu.toFixed(0)}%, bad ${result.bad}, dedup ${dedupHits}`,
      );
      // Keep only the latest run's log lines (at debug level the product writes one per message).
      truncateSync(ctx.productLog, 0);
    }
  }
  return records;
}

export const scenariosFor = (only?: string[]) => (only ? SCENARIOS.filter((s) => only.includes(s.id)) : SCENARIOS);
