import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/lib/paths.js';
import { TEST_DATABASE_URL } from '../global-setup.js';
import { TEST_APPID, TEST_WECHAT_TOKEN } from '../helpers/app.js';
import { FakeWechat } from '../helpers/fake-wechat.js';
import { signedQuery, textXml } from '../helpers/wechat.js';
import { freePort, OwnRedis } from './support/redis-server.js';
import { eventually, sleep } from './support/webhook.js';

const SEND = '/cgi-bin/message/custom/send';
const ADMIN_TOKEN = 'sigterm-admin-token-0123456789';
const CONCURRENT = 20;

/**
 * The real process (src/main.ts, production config) under load receives SIGTERM, as
 * from a rolling deploy: requests in flight are answered, their customer-service
 * follow-ups are sent, and the process exits 0.
 */
describe('fault: SIGTERM under load', () => {
  const database = `wz_sigterm_${randomBytes(4).toString('hex')}`;
  const databaseUrl = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${database}`);
  let redis: OwnRedis;
  let fake: FakeWechat;
  let server: ChildProcess;
  let exited: Promise<number | null>;
  let base: string;
  /** The last lines the server wrote, for a failure message. */
  /** The server's last log lines, for failure messages. */
  let output = '';

  const adminDb = () => new pg.Client({ connectionString: TEST_DATABASE_URL });
  beforeAll(async () => {
    const client = adminDb();
    await client.connect();
    await client.query(`CREATE DATABASE ${database}`);
    await client.end();
    redis = await OwnRedis.start();
    fake = await new FakeWechat().start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        WECHAT_TOKEN: TEST_WECHAT_TOKEN,
        WECHAT_APPID: TEST_APPID,
        WECHAT_APPSECRET: 'sigterm-app-secret',
        WECHAT_API_BASE: fake.baseUrl,
        ADMIN_TOKEN,
        ADMIN_USERNAME: 'cityadmin',
        ADMIN_PASSWORD: 'sigterm-admin-password',
        DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
      },
    });
    server.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    server.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    exited = new Promise((resolve) => server.once('exit', (code) => resolve(code)));
    const up = await eventually(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200, 40_000, 200);
    if (!up) throw new Error(`server did not start: ${output}`);
    const created = await fetch(`${base}/admin/api/keyword-rules`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '停机',
        keywords: [{ text: '停机测试', match: 'exact' }],
        replies: [{ type: 'text', content: '在途请求也要答完' }, { type: 'text', content: '随后的客服消息' }],
        replyMode: 'all',
      }),
    });
    expect(created.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await exited;
    }
    await fake?.stop();
    await redis?.stop();
    const client = adminDb();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
  });

  const post = (from: string) =>
    fetch(`${base}/wechat?${new URLSearchParams(signedQuery())}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: textXml('停机测试', { from }) });

  it('when SIGTERM arrives with requests in flight then they are all answered, their follow-ups sent, and the process exits 0', async () => {
    expect((await post('oTermWarm')).status).toBe(200);
    await fake.waitFor(SEND, 1);
    // Follow-ups take a while at WeChat's end, so they are still running at SIGTERM.
    const answeredAt: number[] = [];
    fake.respond((call) => {
      if (call.path !== SEND) return undefined;
      answeredAt.push(Date.now() + 800);
      return { delayMs: 800 };
    });
    // Hold the rules behind a lock so the requests are in flight when SIGTERM comes.
    const locker = new pg.Client({ connectionString: databaseUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE keyword_rules IN ACCESS EXCLUSIVE MODE');
    const bus = new Redis(redis.url);
    await bus.publish('wz:changes:keywords', 'default');
    bus.disconnect();
    await sleep(100);

    const openIds = Array.from({ length: CONCURRENT }, (_, i) => `oTerm${i}`);
    const responses = Promise.all(openIds.map(async (from) => {
      const res = await post(from);
      return { status: res.status, body: await res.text() };
    }));
    await sleep(300);
    server.kill('SIGTERM');
    await sleep(300);
    await locker.query('ROLLBACK');
    await locker.end();

    const answers = await responses;
    const code = await exited;
    const exitAt = Date.now();
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('在途请求也要答完');
    }
    const followUps = fake.callsTo(SEND).filter((c) => openIds.includes((c.body as { touser: string }).touser));
    expect(followUps).toHaveLength(CONCURRENT);
    // The process waited for WeChat to answer the last follow-up.
    expect(exitAt).toBeGreaterThanOrEqual(Math.max(...answeredAt));
    expect(code, output).toBe(0);
  }, 40_000);
});
