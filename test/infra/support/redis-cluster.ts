import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from '../../../src/lib/net.js';
import type { HostPort } from '../../../src/config/config.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port whose cluster bus port (port + 10000) is free too. */
async function clusterPort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 10_000 > 65_535 || taken.has(port) || taken.has(port + 10_000)) continue;
    const bus = await freePortNear(port + 10_000);
    if (bus) return port;
  }
}

async function freePortNear(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Starts redis-server and waits until it answers PING. */
export async function startRedisServer(args: string[], port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', [...args, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], { stdio: 'ignore' });
  // A test process that ends without its afterAll (a crash, a timeout) takes its servers with it.
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  child.once('exit', () => process.removeListener('exit', orphaned));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`);
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return child;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
      await sleep(50);
    } finally {
      probe.disconnect();
    }
  }
}

export async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }),
  );
}

/**
 * A Redis Cluster of three primaries (no replicas) on spare loopback ports, in a temp
 * folder, built with `redis-cli --cluster create`; stop() kills it and removes the folder.
 */
export class LocalRedisCluster {
  private constructor(
    readonly nodes: HostPort[],
    private readonly children: ChildProcess[],
    private readonly dir: string,
  ) {}

  static async start(primaries = 3): Promise<LocalRedisCluster> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wz-redis-cluster-'));
    const ports: number[] = [];
    const taken = new Set<number>();
    for (let i = 0; i < primaries; i++) {
      const port = await clusterPort(taken);
      taken.add(port).add(port + 10_000);
      ports.push(port);
    }
    const children: ChildProcess[] = [];
    const cluster = new LocalRedisCluster(ports.map((port) => ({ host: '127.0.0.1', port })), children, dir);
    try {
      for (const port of ports) {
        children.push(await startRedisServer(['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000'], port, dir));
      }
      await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
      await cluster.waitUntilServing();
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** Every node reports cluster_state:ok and knows every primary. */
  private async waitUntilServing(): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (const { port } of this.nodes) {
      const conn = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
      try {
        for (;;) {
          const info = String(await conn.call('CLUSTER', 'INFO'));
          if (info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${this.nodes.length}`)) break;
          if (Date.now() > deadline) throw new Error(`Redis Cluster node ${port} is not serving: ${info}`);
          await sleep(100);
        }
      } finally {
        conn.disconnect();
      }
    }
  }

  private async onEachNode<T>(work: (conn: Redis) => Promise<T>): Promise<T[]> {
    return Promise.all(
      this.nodes.map(async ({ port }) => {
        const conn = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
        try {
          return await work(conn);
        } finally {
          conn.disconnect();
        }
      }),
    );
  }

  /** How many keys each primary holds (to see that they are spread). */
  keysPerNode(): Promise<number[]> {
    return this.onEachNode((conn) => conn.dbsize());
  }

  async resetCommandStats(): Promise<void> {
    await this.onEachNode((conn) => conn.config('RESETSTAT'));
  }

  /** Calls of these commands (lower case, e.g. evalsha) over all nodes since the last reset. */
  async commandCalls(...names: string[]): Promise<number> {
    const counts = await this.onEachNode(async (conn) => {
      const info = await conn.info('commandstats');
      return names.reduce((sum, name) => sum + Number(new RegExp(`^cmdstat_${name}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0), 0);
    });
    return counts.reduce((a, b) => a + b, 0);
  }

  async stop(): Promise<void> {
    await stopAll(this.children);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
