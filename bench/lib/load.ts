import autocannon from 'autocannon';
import type { WebhookRequest } from './messages.js';
import { cpuSeconds, rssBytes, systemBusySeconds } from './proc.js';

/** One autocannon run against one server, with the server's RSS and CPU sampled meanwhile. */

export interface LoadOptions {
  baseUrl: string;
  pid: number;
  connections: number;
  durationSec: number;
  /** Requests per connection, built beforehand (no per-request work in the generator). */
  perConnection: WebhookRequest[][];
  verify(body: string): boolean;
  /** Requests per second over all connections; unlimited by default. */
  overallRate?: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Peak VmRSS of the server during the run, MB. */
  rssPeakMb: number;
  /** Server CPU use, % of one core. Near 100: the server is the bottleneck. */
  serverCpu: number;
  /** Load generator CPU use, % of one core. Near 100: the generator is. */
  generatorCpu: number;
  /** CPU used by everything else on the machine meanwhile (Redis, Postgres, other work), % of one core. */
  otherCpu: number;
  completed: number;
  /** Requests prepared; when fewer than completed, lists wrapped around and MsgIds repeated. */
  sent: number;
  /** Epoch ms of the first request and of the end of the run. */
  window: { from: number; to: number };
  /** Requests that were not answered 2xx, failed, timed out or answered wrongly. */
  bad: number;
}

const RSS_SAMPLE_MS = 200;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const queues = [...options.perConnection];
  let rssPeak = rssBytes(options.pid) ?? 0;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssBytes(options.pid) ?? 0);
  }, RSS_SAMPLE_MS);
  // Measured from autocannon's 'start': building the request buffers is not part of the run.
  let cpuBefore = cpuSeconds(options.pid) ?? 0;
  let ownBefore = process.cpuUsage();
  let started = performance.now();
  let systemBefore = systemBusySeconds() ?? 0;
  let from = Date.now();
  try {
    const instance = autocannon({
      url: options.baseUrl,
      connections: options.connections,
      duration: options.durationSec,
      pipelining: 1,
      timeout: 10,
      setupClient(client) {
        const mine = queues.shift() ?? [];
        client.setRequests(mine.map((r) => ({ method: 'POST', path: r.path, headers: { 'content-type': 'text/xml' }, body: r.body })));
      },
      verifyBody: options.verify,
      ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    });
    instance.on('start', () => {
      cpuBefore = cpuSeconds(options.pid) ?? 0;
      ownBefore = process.cpuUsage();
      started = performance.now();
      systemBefore = systemBusySeconds() ?? 0;
      from = Date.now();
      rssPeak = rssBytes(options.pid) ?? 0;
    });
    const result = await instance;
    const wallSec = (performance.now() - started) / 1000;
    const own = process.cpuUsage(ownBefore);
    const serverCpu = ((cpuSeconds(options.pid) ?? 0) - cpuBefore) / wallSec;
    const generatorCpu = (own.user + own.system) / 1e6 / wallSec;
    const systemCpu = ((systemBusySeconds() ?? 0) - systemBefore) / wallSec;
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      rssPeakMb: rssPeak / 1024 / 1024,
      serverCpu: serverCpu * 100,
      generatorCpu: generatorCpu * 100,
      otherCpu: Math.max(0, systemCpu - serverCpu - generatorCpu) * 100,
      completed: result.requests.total,
      window: { from, to: Date.now() },
      sent: queues.length === 0 ? options.perConnection.reduce((n, list) => n + list.length, 0) : NaN,
      bad: result.non2xx + result.errors + result.mismatches,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Splits `total` requests from `build` into one list per connection. */
export function perConnection(build: (count: number) => WebhookRequest[], connections: number, total: number): WebhookRequest[][] {
  const each = Math.ceil(total / connections);
  return Array.from({ length: connections }, () => build(each));
}
