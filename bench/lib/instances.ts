import os from 'node:os';
import pg from 'pg';
import type { Fleet } from './fleet.js';
import { perConnection, runLoad, type LoadResult } from './load.js';
import { msgIdOf, nextSeq, Signer, textXml } from './messages.js';
import { cpuSeconds, sleep } from './proc.js';
import { KEYWORD, REPLY_MARKER, SCENARIOS } from './scenarios.js';

/** `npm run bench -- --instances=N`: throughput through the proxy with 1…N instances, and once-only effects under retries. */

export interface ScalingRecord {
  round: number;
  instances: number;
  result: LoadResult;
  /** CPU of all instances together, % of one core. */
  instancesCpu: number;
}

export interface OnceOnly {
  messages: number;
  requests: number;
  /** Requests answered 200 with the rule's reply. */
  answered: number;
  handlerRuns: number;
  dedupHits: number;
  /** Messages that reached more than one instance. */
  spread: number;
  /** Rows the message log holds for these messages, and for how many citizens (one message each). */
  logged?: { rows: number; citizens: number };
}

const plaintext = SCENARIOS.find((s) => s.id === 'plaintext')!;

export async function measureScaling(
  fleet: Fleet,
  settings: { connections: number; durationSec: number; warmupSec: number; rounds: number },
  log: (line: string) => void,
): Promise<ScalingRecord[]> {
  const count = fleet.instances.length;
  const run = async (instances: number, durationSec: number, rps: number) => {
    await fleet.use(instances);
    const requests = perConnection(plaintext.build, settings.connections, Math.ceil(rps * durationSec * 2) + settings.connections * 100);
    await sleep(300);
    const before = fleet.instances.map((s) => cpuSeconds(s.child.pid) ?? 0);
    const result = await runLoad({ baseUrl: fleet.proxy.baseUrl, pid: fleet.proxy.child.pid, connections: settings.connections, durationSec, perConnection: requests, verify: plaintext.verify });
    const wall = (result.window.to - result.window.from) / 1000;
    const instancesCpu = (fleet.instances.reduce((sum, s, i) => sum + (cpuSeconds(s.child.pid) ?? 0) - before[i]!, 0) / wall) * 100;
    return { result, instancesCpu };
  };
  let estimate = 8000;
  for (let n = 1; n <= count; n++) estimate = Math.max(estimate, (await run(n, settings.warmupSec, 20_000)).result.rps * 1.5);
  log(`warm-up done; sizing for ${Math.round(estimate)} req/s`);
  const records: ScalingRecord[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (let n = 1; n <= count; n++) {
      const { result, instancesCpu } = await run(n, settings.durationSec, estimate);
      estimate = Math.max(estimate, result.rps * 1.5);
      records.push({ round, instances: n, result, instancesCpu });
      log(`round ${round}, ${n} instance(s): ${Math.round(result.rps)} req/s, p99 ${result.p99} ms, instances CPU ${instancesCpu.toFixed(0)}%, proxy CPU ${result.serverCpu.toFixed(0)}%, bad ${result.bad}`);
    }
  }
  await fleet.use(count);
  return records;
}

/**
 * Every message is delivered three times at once, as WeChat retries after a slow answer,
 * and the proxy spreads the copies over the instances: each message must be handled once
 * (one handler run, two de-duplicated copies, one row in the message log) and every copy
 * answered with the rule's reply.
 */
export async function onceOnlyUnderRetries(fleet: Fleet, messages: number, concurrency: number): Promise<OnceOnly & { since: Date }> {
  // Requests of the previous load still in flight when it stopped must not count here.
  for (let last = -1, now = await fleet.total('weizheng_messages_total'); now !== last; await sleep(500)) [last, now] = [now, await fleet.total('weizheng_messages_total')];
  const since = new Date();
  const signer = new Signer();
  const [runsBefore, dedupBefore, servedBefore] = await Promise.all([fleet.total('weizheng_messages_total'), fleet.total('weizheng_dedup_hits_total'), fleet.served()]);
  let answered = 0;
  let nextMessage = 0;
  const send = async (n: number) => {
    const request = signer.plain('/wechat', textXml(KEYWORD, `oOnceOnly${n}`, msgIdOf(nextSeq())), n);
    const copies = await Promise.all(
      [0, 1, 2].map(async () => {
        const res = await fetch(fleet.proxy.baseUrl + request.path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: request.body });
        return res.status === 200 && (await res.text()).includes(REPLY_MARKER);
      }),
    );
    answered += copies.filter(Boolean).length;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (nextMessage < messages) await send(nextMessage++);
    }),
  );
  const [runs, dedup, served] = await Promise.all([fleet.total('weizheng_messages_total'), fleet.total('weizheng_dedup_hits_total'), fleet.served()]);
  const perInstance = served.map((s, i) => s - servedBefore[i]!);
  return {
    since,
    messages,
    requests: messages * 3,
    answered,
    handlerRuns: runs - runsBefore,
    dedupHits: dedup - dedupBefore,
    spread: perInstance.filter((n) => n > 0).length,
  };
}

/** After the instances stopped (their message-log buffers flushed): the rows of the once-only messages. */
export async function loggedSince(databaseUrl: string, since: Date): Promise<{ rows: number; citizens: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ rows: number; citizens: number }>(
      // The once-only citizens are oOnceOnly<n>, masked oOn***…; the throughput runs' are oBench….
      "SELECT count(*)::int AS rows, count(DISTINCT citizen)::int AS citizens FROM message_log WHERE direction = 'in' AND created_at >= $1 AND open_id_masked LIKE 'oOn***%'",
      [since],
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const f0 = (n: number) => Math.round(n).toLocaleString('en-US');

export function renderInstancesReport(records: ScalingRecord[], once: OnceOnly, settings: { connections: number; durationSec: number; rounds: number; quick: boolean }, startedAt: Date): string {
  const count = Math.max(...records.map((r) => r.instances));
  const byCount = (n: number) => records.filter((r) => r.instances === n);
  const one = median(byCount(1).map((r) => r.result.rps));
  const rows = Array.from({ length: count }, (_, i) => {
    const runs = byCount(i + 1);
    const rps = median(runs.map((r) => r.result.rps));
    return `| ${i + 1} | ${f0(rps)} | ${(rps / one).toFixed(2)}× | ${median(runs.map((r) => r.result.p50))} | ${median(runs.map((r) => r.result.p99))} | ${f0(median(runs.map((r) => r.instancesCpu)))}% | ${f0(median(runs.map((r) => r.result.serverCpu)))}% | ${f0(median(runs.map((r) => r.result.otherCpu)))}% | ${runs.reduce((n, r) => n + r.result.bad, 0)} |`;
  });
  const busiest = Math.max(...records.map((r) => r.result.otherCpu));
  const busy =
    busiest > 60
      ? [`**The machine was busy with other work** (other CPU up to ${f0(busiest)}% of a core, Redis and PostgreSQL included): the instances got a fraction of a core between them, and these figures show the machine, not the product's scaling.`, '']
      : [];
  const ok = once.answered === once.requests && once.handlerRuns === once.messages && once.dedupHits === 2 * once.messages && (!once.logged || (once.logged.rows === once.messages && once.logged.citizens === once.messages));
  return [
    `# Multi-instance benchmark`,
    '',
    `${startedAt.toISOString()} · ${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? 'unknown'}) · ${settings.connections} connections · ${settings.durationSec} s per run · ${settings.rounds} rounds${settings.quick ? ' (quick)' : ''}`,
    '',
    `Instances of the compiled product (NODE_ENV=production) on one PostgreSQL and one Redis, behind a local round-robin reverse proxy (bench/proxy-server.ts), plaintext keyword messages with unique MsgIds. Medians over the rounds; the ratio is to one instance behind the same proxy. Nothing is pinned: the instances, the proxy, the load generator, Redis and PostgreSQL share the machine's cores, so throughput can only grow as far as idle cores allow.`,
    '',
    '| instances | req/s | vs 1 | p50 ms | p99 ms | instances CPU | proxy CPU | other CPU | bad answers |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...busy,
    `## Once-only under retries`,
    '',
    `${f0(once.messages)} messages, each delivered three times at once through the proxy (${f0(once.requests)} requests, spread over ${once.spread} instances):`,
    '',
    `- answered with the rule's reply: ${f0(once.answered)} of ${f0(once.requests)}`,
    `- handler runs: ${f0(once.handlerRuns)} (one per message expected), de-duplicated copies: ${f0(once.dedupHits)} (two per message expected)`,
    once.logged ? `- message log: ${f0(once.logged.rows)} rows for ${f0(once.logged.citizens)} citizens (one each expected)` : '- message log: not counted',
    '',
    ok ? '**Every message was answered and handled exactly once.**' : '**Some messages were not answered or were handled more than once: see the figures above.**',
    '',
  ].join('\n');
}
