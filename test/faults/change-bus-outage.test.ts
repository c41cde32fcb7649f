import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders } from '../helpers/app.js';
import { textXml } from '../helpers/wechat.js';
import { createFaultApp, type FaultApp } from './support/fault-app.js';
import { freePort } from './support/redis-server.js';
import { createRule, deliver, eventually } from './support/webhook.js';

/** A private redis-server that answers every command but PUBLISH: one instance's broadcasts fail, nothing else does. */
async function startRedisWithoutPublish(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--rename-command', 'PUBLISH', ''], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}/0`;
  for (let attempt = 0; ; attempt++) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') break;
    } catch {
      if (attempt > 200) throw new Error('redis-server without PUBLISH did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('fault: one instance cannot publish to Redis', () => {
  let mute: { url: string; stop(): Promise<void> };
  let a: FaultApp;
  let b: FaultApp;
  beforeAll(async () => {
    mute = await startRedisWithoutPublish();
    b = await createFaultApp();
    // Same schema as B, its own Redis: A's broadcasts never reach B through Redis.
    a = await createFaultApp({ redisUrl: mute.url, shareWith: b });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await mute?.stop();
  });

  it('when a rule is deleted there then the response says it was not announced, and the other instance stops answering with it within the poll interval', async () => {
    const id = await createRule(a.app, { keyword: '哑巴规则', replies: ['已删除的回复'] });
    let n = 0;
    const answerOfB = async () => (await deliver(b.app, textXml('哑巴规则', { from: `oMute${n++}` }))).content;
    expect(await eventually(async () => (await answerOfB()) === '已删除的回复', 10_000, 250)).toBe(true);

    const deleted = await a.app.inject({ method: 'DELETE', url: `/admin/api/keyword-rules/${id}`, headers: adminHeaders });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.headers['x-change-announced']).toBe('false');
    expect(await eventually(async () => (await answerOfB()) !== '已删除的回复', 10_000, 250)).toBe(true);
  }, 40_000);

  it('when the instance whose Redis works deletes a rule then the response carries no warning', async () => {
    const id = await createRule(b.app, { keyword: '正常规则', replies: ['正常回复'] });
    const deleted = await b.app.inject({ method: 'DELETE', url: `/admin/api/keyword-rules/${id}`, headers: adminHeaders });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.headers['x-change-announced']).toBeUndefined();
  });
});
