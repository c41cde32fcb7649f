import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBenchDatabase } from './bench.repository.js';
import { BenchWechat } from './fake-wechat.js';
import { startFleet, type Fleet } from './fleet.js';
import { loggedSince, measureScaling, onceOnlyUnderRetries, renderInstancesReport, type OnceOnly, type ScalingRecord } from './instances.js';
import type { BenchOptions } from './options.js';
import { flushRedis } from './setup.js';

/**
 * `npm run bench -- --instances=N`: the multi-instance setup of the README (N instances,
 * one PostgreSQL, one Redis, a reverse proxy), how throughput scales from 1 to N instances,
 * and a retry load showing every message answered and handled once. Writes
 * bench/instances-results.md (a --quick run writes to its work folder).
 */
export async function runInstancesBench(
  root: string,
  options: BenchOptions & { instances: number },
  services: { adminDatabaseUrl: string; redisUrl: string },
  log: (line: string) => void,
): Promise<boolean> {
  const startedAt = new Date();
  const work = mkdtempSync(path.join(os.tmpdir(), 'wz-bench-fleet-'));
  const db = await createBenchDatabase(services.adminDatabaseUrl, `wz_bench_fleet_${process.pid}`);
  await flushRedis(services.redisUrl);
  const wechat = await new BenchWechat().start();
  let fleet: Fleet | undefined;
  let records: ScalingRecord[];
  let once: OnceOnly;
  try {
    log(`work directory ${work}; database ${db.url}; Redis ${services.redisUrl}`);
    fleet = await startFleet(
      options.instances,
      { root, databaseUrl: db.url, redisUrl: services.redisUrl, wechatApiBase: wechat.baseUrl, seedDemo: options.seedDemo, nodeFlags: options.nodeFlags, logLevel: options.logLevel },
      work,
      log,
    );
    records = await measureScaling(fleet, options, log);
    const messages = options.quick ? 2000 : 10_000;
    log(`once-only: ${messages} messages, three copies each`);
    const result = await onceOnlyUnderRetries(fleet, messages, 32);
    await fleet.stop();
    fleet = undefined;
    once = { ...result, logged: await loggedSince(db.url, result.since) };
  } finally {
    await fleet?.stop();
    await wechat.stop();
    await db.drop();
    await flushRedis(services.redisUrl);
  }
  const markdown = renderInstancesReport(records, once, { ...options }, startedAt);
  const file = options.quick ? path.join(work, 'instances-results.md') : path.join(root, 'bench/instances-results.md');
  writeFileSync(file, markdown);
  console.log(`\n${markdown}`);
  log(`wrote ${file}`);
  return markdown.includes('**Every message was answered and handled exactly once.**');
}
