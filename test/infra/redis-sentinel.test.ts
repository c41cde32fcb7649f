import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeBus } from '../../src/infra/change-bus.js';
import type { KeyValueStore } from '../../src/infra/kv/port.js';
import { createRedisStore } from '../../src/infra/kv/redis.js';
import { createLogger } from '../../src/infra/logger.js';
import { freePort } from '../../src/lib/net.js';
import type { TestApp } from '../helpers/app.js';
import { FakeWechat } from '../helpers/fake-wechat.js';
import { nextMsgId } from '../helpers/wechat.js';
import { Citizen } from '../features/appointments/helpers.js';
import { startRedisServer, stopAll } from './support/redis-cluster.js';
import { dedupHits, handlerRuns, newSchema, startInstance, type TopologyApp } from './support/topology-app.js';

const log = createLogger('silent');
const MASTER = 'wzmaster';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A master, its replica and one sentinel watching them, all from redis-server on spare ports. */
describe('through Redis Sentinel', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wz-redis-sentinel-'));
  const children: ChildProcess[] = [];
  let master: ChildProcess;
  let masterPort: number;
  let sentinelPort: number;
  let fake: FakeWechat;
  let a: TopologyApp;
  let b: TopologyApp;
  const stores: KeyValueStore[] = [];

  beforeAll(async () => {
    [masterPort, sentinelPort] = [await freePort(), await freePort()];
    const replicaPort = await freePort();
    master = await startRedisServer([], masterPort, dir);
    children.push(master, await startRedisServer(['--replicaof', '127.0.0.1', String(masterPort)], replicaPort, dir));
    const conf = path.join(dir, 'sentinel.conf');
    // Sentinel rewrites its configuration file, so it gets one of its own in the temp folder.
    writeFileSync(conf, [`sentinel monitor ${MASTER} 127.0.0.1 ${masterPort} 1`, `sentinel down-after-milliseconds ${MASTER} 1000`, `sentinel failover-timeout ${MASTER} 3000`, ''].join('\n'));
    children.push(await startRedisServer([conf, '--sentinel'], sentinelPort, dir));
    fake = await new FakeWechat().start();
    const topology = { sentinels: [{ host: '127.0.0.1', port: sentinelPort }], sentinelName: MASTER };
    const schema = await newSchema();
    a = await startInstance(topology, schema, fake);
    b = await startInstance(topology, schema, fake);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), ...stores.map((s) => s.close())]);
    await fake?.stop();
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a message is delivered three times to two instances then it is handled once, on the master the sentinel names', async () => {
    const onA = new Citizen({ app: a.app } as TestApp, 'oSentinelCitizen');
    const onB = new Citizen({ app: b.app } as TestApp, 'oSentinelCitizen');
    const msgId = nextMsgId();
    const replies = await Promise.all([onA.say('你好', msgId), onB.say('你好', msgId), onA.say('你好', msgId)]);
    expect(new Set(replies).size).toBe(1);
    expect({ runs: (await handlerRuns(a)) + (await handlerRuns(b)), duplicates: (await dedupHits(a)) + (await dedupHits(b)) }).toEqual({ runs: 1, duplicates: 2 });
    const direct = new Redis({ port: masterPort, host: '127.0.0.1' });
    const keys = await direct.keys(`*dlv:default:m:oSentinelCitizen:${msgId}`).finally(() => direct.disconnect());
    expect(keys).toHaveLength(1);
  });

  it('when the master dies then the sentinel promotes the replica and the store carries on with it, change bus included', async () => {
    const kv = await createRedisStore({ sentinels: [{ host: '127.0.0.1', port: sentinelPort }], sentinelName: MASTER, prefix: 'direct:', log });
    const listener = await createRedisStore({ sentinels: [{ host: '127.0.0.1', port: sentinelPort }], sentinelName: MASTER, prefix: 'direct:', log });
    stores.push(kv, listener);
    await kv.set('before', '1');
    // Sentinel learns of replicas from the master's INFO (every 10 s): promote only a replica it knows, in sync.
    const sentinel = new Redis({ port: sentinelPort, host: '127.0.0.1' });
    try {
      for (;;) {
        const replicas = (await sentinel.call('SENTINEL', 'replicas', MASTER)) as string[][];
        const ready = replicas.some((fields) => {
          const info = Object.fromEntries(fields.flatMap((v, i) => (i % 2 ? [] : [[v, fields[i + 1]]])));
          return info.flags === 'slave' && info['master-link-status'] === 'ok';
        });
        if (ready) break;
        await sleep(200);
      }
    } finally {
      sentinel.disconnect();
    }
    await stopAll([master]);
    // Writes fail fast while there is no master (callers degrade); they succeed again once the replica is promoted.
    for (;;) {
      try {
        if (await kv.setIfAbsent('after-failover', 'yes', 60_000)) break;
      } catch {
        await sleep(100);
      }
    }
    expect(await kv.get('after-failover')).toBe('yes');
    const asked = new Redis({ port: sentinelPort, host: '127.0.0.1' });
    const [, port] = (await asked.call('SENTINEL', 'get-master-addr-by-name', MASTER).finally(() => asked.disconnect())) as [string, string];
    expect(Number(port)).not.toBe(masterPort);

    const busA = await createChangeBus(kv, 'sentinel-test', log);
    const busB = await createChangeBus(listener, 'sentinel-test', log);
    const heard = new Promise<string | null>((resolve) => busB.onChange(resolve));
    for (;;) {
      await busA.publish('default');
      const got = await Promise.race([heard, sleep(200).then(() => undefined)]);
      if (got !== undefined) break;
    }
    expect(await heard).toBe('default');
    await Promise.all([busA.close(), busB.close()]);
  }, 90_000);
});
