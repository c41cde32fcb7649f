import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { readReply } from '../../helpers/wechat.js';
import { api, eventually, pushEvent } from '../../helpers/reach.js';

const USER_GET = '/cgi-bin/user/get';
const cstToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('followers: subscribe pushes, import from user/get, daily counts, tags', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await api(t, 'PUT', '/auto-replies/subscribe', { replies: [{ type: 'text', content: '欢迎关注示例区政务服务！' }] });
    let nextTag = 200;
    t.fake.respond((call) => (call.path === '/cgi-bin/tags/create' ? { json: { tag: { id: ++nextTag, name: 'x' } } } : undefined));
  });
  afterAll(async () => t.close());

  it('when a citizen follows and another leaves then the welcome still answers, both are stored with hashed, encrypted openIds and the day counts them', async () => {
    const reply = readReply(await pushEvent(t, 'subscribe', 'oFollowA0001'));
    expect(reply.Content).toBe('欢迎关注示例区政务服务！');
    await pushEvent(t, 'subscribe', 'oFollowB0002');
    await pushEvent(t, 'unsubscribe', 'oFollowB0002', {}, Math.floor(Date.now() / 1000) + 1);
    const rows = await eventually(
      async () => (await t.db.query('SELECT open_id_hash, open_id_enc, subscribed FROM followers ORDER BY id')).rows,
      (r) => r.length === 2 && r.some((x) => x.subscribed === false),
    );
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain('oFollow');
    expect(rows[0].open_id_enc).toMatch(/^v1:/);

    const list = (await api(t, 'GET', '/followers')).json() as { total: number; items: Array<{ id: number; openId: string; subscribed: boolean }> };
    expect(list.total).toBe(2);
    expect(list.items.every((f) => !f.openId.includes('oFollowA0001'))).toBe(true);
    const id = list.items.find((f) => f.subscribed)!.id;
    expect((await api(t, 'POST', `/followers/${id}/reveal`, {})).json().error.field).toBe('reason');
    expect((await api(t, 'POST', `/followers/${id}/reveal`, { reason: '核对群发预览对象' })).json()).toEqual({ openId: 'oFollowA0001' });
    const audit = await t.db.query("SELECT detail FROM audit_log WHERE resource = 'follower' AND action = 'reveal'");
    expect(audit.rows).toEqual([{ detail: { reason: '核对群发预览对象', fields: ['openId'] } }]);

    const stats = (await api(t, 'GET', `/followers/stats?from=${cstToday()}&to=${cstToday()}`)).json();
    expect(stats.days).toEqual([{ day: cstToday(), new: 2, lost: 1, net: 1 }]);
    for (const bad of ['from=2026-02-30', 'to=2026-13-01', 'from=2026-00-10']) {
      const res = await api(t, 'GET', `/followers/stats?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.message).toContain('不是有效的日期');
    }
    expect((await api(t, 'GET', '/followers?from=2026-02-29')).statusCode).toBe(400);
  });

  it('when the console simulator follows then no follower is recorded', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM follower_events')).rows[0].n as number;
    const res = await api(t, 'POST', '/simulate', { event: 'subscribe' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().replies[0].content).toBe('欢迎关注示例区政务服务！');
    await pushEvent(t, 'subscribe', 'oAfterSimulator1');
    await eventually(async () => (await t.db.query('SELECT count(*)::int AS n FROM follower_events')).rows[0].n as number, (n) => n > before);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM follower_events');
    expect(rows[0].n).toBe(before + 1);
  });

  it('when a subscribe push is retried by WeChat then it is counted once', async () => {
    const count = async () => (await t.db.query("SELECT count(*)::int AS n FROM follower_events WHERE kind = 'subscribe'")).rows[0].n as number;
    const before = await count();
    const time = Math.floor(Date.now() / 1000) - 5;
    await pushEvent(t, 'subscribe', 'oFollowC0003', {}, time);
    await pushEvent(t, 'subscribe', 'oFollowC0003', {}, time);
    expect(await eventually(count, (n) => n > before)).toBe(before + 1);
  });

  it('when the import runs then it pages with next_openid, reports progress, and after a failure resumes where it stopped', async () => {
    let failSecond = true;
    t.fake.respond((call) => (call.path === '/cgi-bin/tags/get' ? { json: { tags: [{ id: 2, name: '星标组', count: 0 }, { id: 150, name: '老年人', count: 3 }] } } : undefined));
    t.fake.respond((call) => {
      if (call.path !== USER_GET) return undefined;
      const next = call.query.next_openid;
      if (!next) return { json: { total: 3, count: 2, data: { openid: ['oSync0001', 'oSync0002'] }, next_openid: 'oSync0002' } };
      if (next === 'oSync0002') {
        if (failSecond) return { json: { errcode: 45009, errmsg: 'reach max api daily quota limit' } };
        return { json: { total: 3, count: 1, data: { openid: ['oSync0003'] }, next_openid: 'oSync0003' } };
      }
      return { json: { total: 3, count: 0, data: {}, next_openid: '' } };
    });
    const started = await api(t, 'POST', '/followers/sync');
    expect(started.statusCode, started.body).toBe(202);
    const failed = await eventually(async () => (await api(t, 'GET', '/followers/sync')).json(), (s) => s.status === 'failed');
    expect(failed).toMatchObject({ status: 'failed', imported: 2, pages: 1, total: 3, nextOpenId: 'oSync0002' });

    failSecond = false;
    expect((await api(t, 'POST', '/followers/sync')).statusCode).toBe(202);
    const done = await eventually(async () => (await api(t, 'GET', '/followers/sync')).json(), (s) => s.status === 'done');
    expect(done).toMatchObject({ status: 'done', imported: 3, total: 3 });
    const asked = t.fake.callsTo(USER_GET).map((c) => c.query.next_openid ?? '');
    expect(asked).toEqual(['', 'oSync0002', 'oSync0002', 'oSync0003']);
    const { rows } = await t.db.query("SELECT count(*)::int AS n FROM followers WHERE scene = 'sync' AND subscribed");
    expect(rows[0].n).toBe(3);
    // Tags made on WeChat itself come along; WeChat's own 星标组 does not.
    const tags = (await api(t, 'GET', '/tags')).json() as { items: Array<{ wechatId: number; name: string }> };
    expect(tags.items.map((x) => [x.wechatId, x.name])).toEqual([[150, '老年人']]);
  });

  it('when followers are tagged and untagged in a batch then WeChat gets the same batch and the list filters by tag', async () => {
    const tag = (await api(t, 'POST', '/tags', { name: '示例社区居民' })).json() as { id: number; wechatId: number };
    const tagged = await api(t, 'POST', `/tags/${tag.id}/members`, { openIds: ['oSync0001', 'oSync0002'] });
    expect(tagged.statusCode, tagged.body).toBe(200);
    expect(t.fake.callsTo('/cgi-bin/tags/members/batchtagging').at(-1)!.body).toEqual({ openid_list: ['oSync0001', 'oSync0002'], tagid: tag.wechatId });
    expect((await api(t, 'GET', `/followers?tag=${tag.id}`)).json().total).toBe(2);

    await api(t, 'DELETE', `/tags/${tag.id}/members`, { openIds: ['oSync0002'] });
    expect(t.fake.callsTo('/cgi-bin/tags/members/batchuntagging').at(-1)!.body).toEqual({ openid_list: ['oSync0002'], tagid: tag.wechatId });
    expect((await api(t, 'GET', `/followers?tag=${tag.id}`)).json().total).toBe(1);
    expect((await api(t, 'GET', `/tags/${tag.id}`)).json().members).toBe(1);

    const tooMany = await api(t, 'POST', `/tags/${tag.id}/members`, { openIds: Array.from({ length: 51 }, (_, i) => `oMany${i}`) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.field).toBe('openIds');
  });

  it('when a tag is renamed and deleted then WeChat is told with its own tag id', async () => {
    const tag = (await api(t, 'POST', '/tags', { name: '待删除' })).json() as { id: number; wechatId: number };
    expect((await api(t, 'PUT', `/tags/${tag.id}`, { name: '已改名' })).statusCode).toBe(200);
    expect(t.fake.callsTo('/cgi-bin/tags/update').at(-1)!.body).toEqual({ tag: { id: tag.wechatId, name: '已改名' } });
    expect((await api(t, 'DELETE', `/tags/${tag.id}`)).statusCode).toBe(204);
    expect(t.fake.callsTo('/cgi-bin/tags/delete').at(-1)!.body).toEqual({ tag: { id: tag.wechatId } });
    expect((await api(t, 'GET', `/tags/${tag.id}`)).statusCode).toBe(404);
    const long = await api(t, 'POST', '/tags', { name: '一二三四五六七八九十一' });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.field).toBe('name');
  });
});
