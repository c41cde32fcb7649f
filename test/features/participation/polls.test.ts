import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { nextMsgId, postWechat, readReply, textXml } from '../../helpers/wechat.js';
import { createPollRepository } from '../../../src/features/participation/polls.repository.js';
import { citizen } from '../tickets/helpers.js';

const replyText = (body: string) => (body === 'success' || body === '' ? '' : String(readReply(body).Content ?? ''));

describe('participation: polls', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const createPoll = async (payload: object) => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/polls', headers: adminHeaders, payload });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: number; action: string };
  };
  const results = async (id: number) => (await t.app.inject({ method: 'GET', url: `/admin/api/polls/${id}/results`, headers: adminHeaders })).json();

  it('when 100 citizens vote at once and every delivery arrives twice then the poll counts exactly 100 votes', async () => {
    const poll = await createPoll({ title: '口袋公园命名', question: '新建口袋公园叫什么名字好？', options: ['翠园', '荷风园', '邻里园'] });
    const voters = Array.from({ length: 100 }, (_, i) => citizen(t, `oPollVoter${String(i).padStart(3, '0')}`));
    for (const v of voters) expect(await v.click(poll.action)).toContain('1. 翠园');

    const deliveries = voters.flatMap((v, i) => {
      const xml = textXml(String((i % 3) + 1), { from: v.openId, msgId: nextMsgId() });
      return [xml, xml];
    });
    const answers = await Promise.all(deliveries.map((xml) => postWechat(t.app, xml)));
    expect(answers.every((r) => r.statusCode === 200)).toBe(true);

    const counted = await results(poll.id);
    expect(counted.voters).toBe(100);
    expect(counted.options).toEqual([
      { text: '翠园', count: 34 },
      { text: '荷风园', count: 33 },
      { text: '邻里园', count: 33 },
    ]);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM poll_votes WHERE poll_id = $1', [poll.id]);
    expect(rows[0]!.n).toBe(100);
    // Every first delivery was thanked; none of the copies made a second vote.
    expect(answers.filter((r) => replyText(r.body).includes('投票成功')).length).toBeGreaterThanOrEqual(100);
  });

  it('when de-duplication is out of the way and 200 votes from 100 voters reach the database at once then the unique key keeps exactly 100', async () => {
    const poll = await createPoll({ title: '直达数据库', question: '选哪个？', options: ['甲', '乙'] });
    const repo = createPollRepository(t.db);
    const stored = (await repo.get(null, poll.id))!;
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => repo.vote(stored.id, `voter-${i % 100}`, [(i % 2) + 1], 'chat', `delivery-${i}`)),
    );
    expect(outcomes.filter((o) => o === 'voted')).toHaveLength(100);
    expect(outcomes.filter((o) => o === 'already')).toHaveLength(100);
    expect((await results(poll.id)).voters).toBe(100);
    // A retried delivery (same key) hears it was counted, not refused.
    const first = await repo.vote(stored.id, 'voter-retry', [1], 'chat', 'delivery-r');
    expect([first, await repo.vote(stored.id, 'voter-retry', [1], 'chat', 'delivery-r')]).toEqual(['voted', 'repeated']);
  });

  it('when a citizen votes again through a new message then the vote is refused and results stay the same', async () => {
    const poll = await createPoll({ title: '议事会时间', question: '社区议事会定在哪天？', options: ['周六上午', '周日下午'], showResults: false });
    const c = citizen(t, 'oPollAgain01');
    await c.click(poll.action);
    expect(await c.say('2')).toContain('投票成功');
    expect(await c.click(poll.action)).toContain('每人限投一次');
    expect(await results(poll.id)).toEqual({ options: [{ text: '周六上午', count: 0 }, { text: '周日下午', count: 1 }], voters: 1 });
  });

  it('when a single-choice poll gets two digits then the citizen is asked again and nothing is counted', async () => {
    const poll = await createPoll({ title: '垃圾分类', question: '您家附近的投放点够用吗？', options: ['够用', '不够用'] });
    const c = citizen(t, 'oPollInvalid1');
    await c.click(poll.action);
    expect(await c.say('1 2')).toContain('请回复1-2之间的一个数字');
    expect((await results(poll.id)).voters).toBe(0);
    expect(await c.say('退出')).toContain('已退出投票');
    // Words that are not a choice are not trapped in the poll: they route as usual.
    await c.click(poll.action);
    expect(await c.say('社保卡怎么补办')).not.toContain('请回复1-2');
    expect((await results(poll.id)).voters).toBe(0);
  });

  it('when a citizen sends 菜单 while a poll waits for their digits then they get the menu and no vote is cast', async () => {
    const poll = await createPoll({ title: '菜单测试', question: '选一个', options: ['甲', '乙'] });
    const c = citizen(t, 'oPollMenu001');
    await c.click(poll.action);
    expect(await c.say('菜单')).not.toContain('请回复1-2');
    expect(await c.say('1')).not.toContain('投票成功');
    expect((await results(poll.id)).voters).toBe(0);
  });

  it('when a multiple-choice poll is answered with several digits then each chosen option counts once', async () => {
    const poll = await createPoll({ title: '便民服务', question: '希望增加哪些服务？', options: ['理发', '修鞋', '配钥匙', '磨刀'], multiple: true });
    const c = citizen(t, 'oPollMulti01');
    await c.click(poll.action);
    const thanks = await c.say('1 3 3');
    expect(thanks).toContain('投票成功');
    expect(thanks).toContain('3. 配钥匙：1票');
    expect((await results(poll.id)).options.map((o: { count: number }) => o.count)).toEqual([1, 0, 1, 0]);
  });

  it('when a poll has ended then opening it in chat says so and no step starts', async () => {
    const poll = await createPoll({ title: '往期投票', question: '已结束的问题', options: ['是', '否'], startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' });
    const c = citizen(t, 'oPollEnded01');
    expect(await c.click(poll.action)).toContain('已结束');
  });

  it('when a poll is created with one option or an end before its start then 400 names the field', async () => {
    const one = await t.app.inject({ method: 'POST', url: '/admin/api/polls', headers: adminHeaders, payload: { title: 'x', question: 'y', options: ['只有一个'] } });
    expect(one.statusCode).toBe(400);
    expect(one.body).toContain('options');
    const backwards = await t.app.inject({
      method: 'POST', url: '/admin/api/polls', headers: adminHeaders,
      payload: { title: 'x', question: 'y', options: ['a', 'b'], startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().field ?? backwards.body).toContain('endsAt');
  });

  it('when a citizen opens the signed poll page from chat then they can vote there once, and a forged link cannot vote', async () => {
    const poll = await createPoll({ title: '健身器材', question: '健身器材装在哪里？', options: ['东门', '西门'] });
    const c = citizen(t, 'oPollH5Voter1');
    const intro = await c.click(poll.action);
    const url = new URL(/网页版：(\S+)/.exec(intro)![1]!);
    const token = url.searchParams.get('t')!;
    const page = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="choice"');

    const vote = (t2: string) => t.app.inject({
      method: 'POST', url: `/h5/polls/${poll.id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ t: t2, choice: '2' }).toString(),
    });
    expect((await vote(`${token.slice(0, -2)}00`)).statusCode).toBe(403);
    expect((await vote(token)).body).toContain('投票成功');
    expect((await vote(token)).body).toContain('每人限投一次');
    // The same citizen in chat finds their vote already counted.
    expect(await c.say('1')).toContain('每人限投一次');
    expect(await results(poll.id)).toMatchObject({ voters: 1, options: [{ count: 0 }, { count: 1 }] });
    const list = await t.app.inject({ method: 'GET', url: '/admin/api/polls', headers: adminHeaders });
    expect(list.json().items.find((p: { id: number }) => p.id === poll.id)).toMatchObject({ voters: 1, phase: 'open' });
    const csv = await t.app.inject({ method: 'GET', url: `/admin/api/polls/${poll.id}/export`, headers: adminHeaders });
    expect(csv.body).toContain('h5,西门');
  });
});
