import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_AES_KEY, BENCH_APPID, BENCH_TOKEN } from './messages.js';
import { freePort, spawnNode, waitForHttp, type Child } from './proc.js';
import { BENCH_ADMIN_TOKEN } from './setup.js';

/** The product (compiled, production config) and the baseline, each in its own process. */

export interface Server {
  name: string;
  baseUrl: string;
  child: Child;
  stop(): Promise<number | null>;
}

export interface ProductOptions {
  root: string;
  databaseUrl: string;
  redisUrl: string;
  wechatApiBase: string;
  logFile: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  seedDemo: boolean;
  logLevel?: string;
  /** Several instances share the machine's cores: false leaves them to the scheduler. */
  pin?: boolean;
}

const DATA_KEY = randomBytes(32).toString('base64');

async function started(name: string, port: number, child: Child, readyPath: string, logFd: number): Promise<Server> {
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}${readyPath}`, child);
  } catch (err) {
    await child.stop('SIGKILL');
    throw err;
  }
  return {
    name,
    baseUrl,
    child,
    async stop() {
      const code = await child.stop('SIGTERM');
      closeSync(logFd);
      return code;
    },
  };
}

/** The node flags of `npm start` (V8 heap settings), so the benchmark measures what production runs. */
export function productionNodeFlags(root: string): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/src/main.js') throw new Error(`unexpected start script: ${start}`);
  return words.slice(1, -1);
}

export async function startProduct(options: ProductOptions): Promise<Server> {
  const port = await freePort();
  const logFd = openSync(options.logFile, 'a');
  // Extra flags come after the production ones, so an experiment can override them.
  const flags = [...productionNodeFlags(options.root), ...(options.nodeFlags ?? [])];
  const child = spawnNode([...flags, path.join(options.root, 'dist/src/main.js')], {
    cwd: options.root,
    stdout: logFd,
    pin: options.pin,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      WECHAT_TOKEN: BENCH_TOKEN,
      WECHAT_APPID: BENCH_APPID,
      WECHAT_APPSECRET: 'bench-app-secret',
      WECHAT_ENCODING_AES_KEY: BENCH_AES_KEY,
      // One account serves the plaintext and the safe-mode scenarios, as during a switch-over.
      WECHAT_MESSAGE_MODE: 'compat',
      // Signed query strings are made once per run (bench/lib/messages.ts), and a full run lasts
      // longer than the default five minutes; the skew check itself runs on every request either way.
      WECHAT_MAX_SKEW_SECONDS: '86400',
      WECHAT_API_BASE: options.wechatApiBase,
      ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      ADMIN_USERNAME: 'benchadmin',
      ADMIN_PASSWORD: 'bench-admin-password',
      DATA_ENCRYPTION_KEY: DATA_KEY,
      LOG_LEVEL: options.logLevel ?? 'info',
      SEED_DEMO: String(options.seedDemo),
    },
  });
  return started('product', port, child, '/readyz', logFd);
}

export async function startBaseline(root: string, logFile: string): Promise<Server> {
  const port = await freePort();
  const logFd = openSync(logFile, 'a');
  const child = spawnNode(['--import', 'tsx', path.join(root, 'bench/baseline-server.ts')], {
    cwd: root,
    stdout: logFd,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port) },
  });
  return started('baseline', port, child, '/healthz', logFd);
}
