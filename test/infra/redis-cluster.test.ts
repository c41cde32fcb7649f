import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeBus } from '../../src/infra/change-bus.js';
import type { KeyValueStore } from '../../src/infra/kv/port.js';
import { createRedisStore } from '../../src/infra/kv/redis.js';
import { hashSlot } from '../../src/infra/kv/slot.js';
import { createLogger } from '../../src/infra/logger.js';
import { createWechatApiFactory } from '../../src/infra/wechat/client.js';
import type { TestApp } from '../helpers/app.js';
import { FakeWechat } from '../helpers/fake-wechat.js';
import { nextMsgId } from '../helpers/wechat.js';
import { bookingNoOf, Citizen, createService, hallBody } from '../features/appointments/helpers.js';
import { LocalRedisCluster } from './support/redis-cluster.js';
import { dedupHits, handlerRuns, newSchema, startInstance, type TopologyApp } from './support/topology-app.js';

const log = createLogger('silent');

/** Two instances of the product behind one (imaginary) load balancer, on a Redis Cluster of three primaries. */
describe('on a Redis Cluster of three primaries', () => {
  let cluster: LocalRedisCluster;
  let fake: FakeWechat;
  let a: TopologyApp;
  let b: TopologyApp;
  const stores: KeyValueStore[] = [];
  const store = async () => {
    const kv = await createRedisStore({ clusterNodes: cluster.nodes.slice(0, 1), prefix: 'direct:', log });
    stores.push(kv);
    return kv;
  };

  beforeAll(async () => {
    [cluster, fake] = await Promise.all([LocalRedisCluster.start(3), new FakeWechat().start()]);
    const schema = await newSchema();
    a = await startInstance({ clusterNodes: cluster.nodes }, schema, fake);
    b = await startInstance({ clusterNodes: cluster.nodes }, schema, fake);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), ...stores.map((s) => s.close())]);
    await fake?.stop();
    await cluster?.stop();
  });

  it('when a conversation moves between instances and its confirmation is delivered three times then the step survives and it is handled once', async () => {
    await createService({ app: a.app } as TestApp, hallBody());
    const onA = new Citizen({ app: a.app } as TestApp, 'oClusterCitizen');
    const onB = new Citizen({ app: b.app } as TestApp, 'oClusterCitizen');
    expect(await onA.tap('appointment:T1')).toContain('请选择日期');
    expect(await onB.say('1')).toContain('可预约时段');
    expect(await onA.say('1')).toContain('请输入预约人姓名');
    expect(await onB.say('张三')).toContain('手机号');
    expect(await onA.say('13812349999')).toContain('1');

    const runsBefore = (await handlerRuns(a)) + (await handlerRuns(b));
    const msgId = nextMsgId();
    const replies = await Promise.all([onB.say('1', msgId), onA.say('1', msgId), onB.say('1', msgId)]);
    const runs = (await handlerRuns(a)) + (await handlerRuns(b)) - runsBefore;

    expect(bookingNoOf(replies[0]!), replies[0]).toBeDefined();
    expect(new Set(replies).size).toBe(1);
    expect({ runs, duplicates: (await dedupHits(a)) + (await dedupHits(b)) }).toEqual({ runs: 1, duplicates: 2 });
    const { rows } = await a.db.query("SELECT count(*)::int AS n FROM appointment_bookings WHERE open_id = 'oClusterCitizen'");
    expect(rows[0].n).toBe(1);
  });

  it('when many citizens write at once then each claim and its conversation go in one script per slot, spread over all three primaries', async () => {
    const kv = await store();
    const citizens = Array.from({ length: 100 }, (_, i) => `oSpread${i}`);
    await Promise.all(citizens.map((c) => kv.set(`session:default:${c}`, `{"step":"${c}"}`, 60_000)));
    await cluster.resetCommandStats();
    const claims = await Promise.all(citizens.map((c, i) => kv.setIfAbsentAndGet(`dlv:default:m:${c}:${i}`, 'pending', 60_000, `session:default:${c}`)));
    const slots = new Set(citizens.map((c) => hashSlot(`default:${c}`)));
    // One round's claims are one batch: one script call per slot the citizens fall in, no plain SET NX and GET.
    expect(await cluster.commandCalls('evalsha', 'eval')).toBe(slots.size);
    const again = await Promise.all(citizens.map((c, i) => kv.setIfAbsentAndGet(`dlv:default:m:${c}:${i}`, 'pending', 60_000, `session:default:${c}`)));
    await Promise.all(citizens.map((c, i) => kv.setUnordered(`dlv:default:m:${c}:${i}`, 'done', 60_000)));
    // A pair whose keys are in two slots still works (as two commands).
    expect(await kv.setIfAbsentAndGet('claim:elsewhere', 'x', 60_000, 'session:default:oSpread7')).toEqual({ set: true, read: '{"step":"oSpread7"}' });

    expect(claims.every((c, i) => c.set && c.read === `{"step":"${citizens[i]}"}`)).toBe(true);
    expect(again.every((c) => !c.set)).toBe(true);
    expect(await kv.get('dlv:default:m:oSpread42:42')).toBe('done');
    expect((await cluster.keysPerNode()).every((n) => n > 0)).toBe(true);
  });

  it('when the single-key operations run on the cluster then they behave as on one server', async () => {
    const kv = await store();
    await kv.set('wx:token:wxcluster', 'T1', 60_000);
    expect(await kv.get('wx:token:wxcluster')).toBe('T1');
    expect(await kv.setIfAbsent('wx:token-lock:wxcluster', 'owner-1', 60_000)).toBe(true);
    expect(await kv.setIfAbsent('wx:token-lock:wxcluster', 'owner-2', 60_000)).toBe(false);
    expect(await kv.deleteIfEquals('wx:token-lock:wxcluster', 'owner-2')).toBe(false);
    expect(await kv.deleteIfEquals('wx:token-lock:wxcluster', 'owner-1')).toBe(true);
    expect([await kv.incr('auth:count:1.2.3.4', 60_000), await kv.incr('auth:count:1.2.3.4', 60_000)]).toEqual([1, 2]);
    await kv.set('session:default:oClusterDel', '{}');
    await kv.del('session:default:oClusterDel');
    expect(await kv.get('session:default:oClusterDel')).toBeNull();
    expect(await kv.ping()).toBe(true);
  });

  it('when one instance publishes a change then the other hears it through the cluster', async () => {
    const [one, two] = [await store(), await store()];
    const busA = await createChangeBus(one, 'cluster-test', log);
    const busB = await createChangeBus(two, 'cluster-test', log);
    const heard = new Promise<string | null>((resolve) => busB.onChange(resolve));
    expect(await busA.publish('default')).toEqual({ announced: true });
    expect(await heard).toBe('default');
    await Promise.all([busA.close(), busB.close()]);
  });

  it('when two instances need an access_token at once then WeChat is asked once', async () => {
    fake.reset();
    const account = { accountId: 'default', appId: 'wxclustertoken001', appSecret: 's' };
    const clients = [await store(), await store()].map((kv) => createWechatApiFactory({ apiBase: fake.baseUrl, kv, log, backoffMs: 10 }).forAccount(account));
    await Promise.all(Array.from({ length: 12 }, (_, i) => clients[i % 2]!.sendCustom(`o${i}`, { type: 'text', content: String(i) })));
    expect(fake.callsTo('/cgi-bin/token')).toHaveLength(1);
    expect(fake.callsTo('/cgi-bin/message/custom/send')).toHaveLength(12);
  });
});
