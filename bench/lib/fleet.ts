import { openSync } from 'node:fs';
import path from 'node:path';
import { freePort, sleep, spawnNode, waitForHttp, type Child } from './proc.js';
import { KEYWORD, REPLY_MARKER } from './scenarios.js';
import { Signer, textXml } from './messages.js';
import { startProduct, type ProductOptions, type Server } from './servers.js';
import { configureProduct, counter } from './setup.js';

/**
 * The multi-instance setup of the README: N instances of the product on one PostgreSQL
 * and one Redis, behind a local round-robin reverse proxy (bench/proxy-server.ts).
 */
export interface Fleet {
  instances: Server[];
  proxy: { baseUrl: string; child: Child };
  /** Limits the proxy's rotation to the first `count` instances. */
  use(count: number): Promise<void>;
  /** How many requests the proxy sent to each instance so far. */
  served(): Promise<number[]>;
  /** A Prometheus counter summed over every instance. */
  total(metric: string): Promise<number>;
  /** Stops the instances (they flush what they buffer) and then the proxy. */
  stop(): Promise<void>;
}

export async function startFleet(count: number, product: Omit<ProductOptions, 'logFile' | 'pin'>, work: string, log: (line: string) => void): Promise<Fleet> {
  const options = (i: number): ProductOptions => ({ ...product, logFile: path.join(work, `instance-${i + 1}.log`), pin: false });
  // The first one migrates the fresh database; the others then start side by side, as a rolling start would.
  const instances = [await startProduct(options(0))];
  instances.push(...(await Promise.all(Array.from({ length: count - 1 }, (_, i) => startProduct(options(i + 1))))));
  log(`${count} instances: ${instances.map((s) => s.baseUrl).join(', ')}`);
  await configureProduct(instances[0]!.baseUrl, product.databaseUrl);
  await everyInstanceAnswers(instances);

  const port = await freePort();
  const child = spawnNode(['--import', 'tsx', path.join(product.root, 'bench/proxy-server.ts')], {
    cwd: product.root,
    stdout: openSync(path.join(work, 'proxy.log'), 'a'),
    pin: false,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), UPSTREAMS: instances.map((s) => s.baseUrl).join(',') },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/__proxy/stats`, child);
  log(`reverse proxy ${baseUrl} (round robin)`);
  return {
    instances,
    proxy: { baseUrl, child },
    async use(n) {
      await fetch(`${baseUrl}/__proxy/use?count=${n}`, { method: 'POST' });
    },
    async served() {
      return ((await (await fetch(`${baseUrl}/__proxy/stats`)).json()) as { served: number[] }).served;
    },
    async total(metric) {
      return (await Promise.all(instances.map((s) => counter(s.baseUrl, metric)))).reduce((a, b) => a + b, 0);
    },
    async stop() {
      await Promise.all(instances.map((s) => s.stop()));
      await child.stop('SIGTERM');
    },
  };
}

/**
 * The rules were written through the first instance: the others learn of them from the
 * change bus (Redis pub/sub, with PostgreSQL's change count behind it). Waits until each
 * answers the bench keyword with the operator's reply.
 */
async function everyInstanceAnswers(instances: Server[]): Promise<void> {
  const signer = new Signer();
  let n = 0;
  for (const instance of instances) {
    for (let attempt = 0; ; attempt++) {
      const request = signer.plain('/wechat', textXml(KEYWORD, `oFleetCheck${n}`, String(9_100_000_000_000_000_000n + BigInt(n))), n);
      n++;
      const body = await (await fetch(instance.baseUrl + request.path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: request.body })).text();
      if (body.includes(REPLY_MARKER)) break;
      if (attempt > 50) throw new Error(`${instance.baseUrl} does not answer with the configured rule: ${body.slice(0, 200)}`);
      await sleep(100);
    }
  }
}
