import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders } from '../helpers/app.js';
import type { RecordedCall } from '../helpers/fake-wechat.js';
import { eventXml, nextMsgId, textXml } from '../helpers/wechat.js';
import { createFaultApp, type FaultApp } from './support/fault-app.js';
import { createRule, deliver, eventually, sleep } from './support/webhook.js';

const SEND = '/cgi-bin/message/custom/send';
const to = (openId: string) => (call: RecordedCall) => (call.body as { touser?: string }).touser === openId;

/**
 * Two app instances on one Postgres schema and one Redis prefix, as behind a load
 * balancer. Extends test/integration/two-instances.test.ts (rule creation, concurrent retry).
 */
describe('fault: two instances share one Postgres and one Redis', () => {
  let a: FaultApp;
  let b: FaultApp;
  let allRuleId: number;
  beforeAll(async () => {
    const env = { REPLY_BUDGET_MS: '800' };
    a = await createFaultApp({ env });
    b = await createFaultApp({ env, shareWith: a });
    allRuleId = await createRule(a.app, { keyword: '两台', replies: ['主回复', '补充回复'], replyMode: 'all' });
    await createRule(a.app, { keyword: '改规则', replies: ['旧回复'] });
    await createRule(a.app, { keyword: '子项一', replies: ['子项一的回复'] });
    // A numbered menu (回复数字): the citizen's place in it is conversation state in the session store.
    const menu = await a.app.inject({
      method: 'POST',
      url: '/admin/api/numbered-menus',
      headers: adminHeaders,
      payload: {
        code: 'main',
        title: '两台测试菜单',
        items: [
          { label: '热线电话', action: 'keyword:改规则' },
          { label: '子菜单', code: 'sub', title: '两台子菜单', items: [{ label: '第一项', action: 'keyword:子项一' }] },
        ],
      },
    });
    expect(menu.statusCode, menu.body).toBe(201);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('when a citizen alternates between instances inside a numbered menu then each step continues where the other left off', async () => {
    const from = 'oAlternate';
    const main = await deliver(a.app, textXml('菜单', { from }));
    expect(String(main.content)).toContain('两台测试菜单');
    const sub = await deliver(b.app, textXml('2', { from }));
    expect(String(sub.content)).toContain('两台子菜单');
    const chosen = await deliver(a.app, textXml('1', { from }));
    expect(chosen.content).toBe('子项一的回复');
  });

  it('when retries arrive at alternating instances after the first answered then all get the same reply and the effect happens once', async () => {
    const xml = textXml('两台', { from: 'oAltRetry', msgId: nextMsgId() });
    const replies = [];
    for (const app of [a.app, b.app, a.app]) replies.push((await deliver(app, xml)).content);
    expect(replies).toEqual(['主回复', '主回复', '主回复']);
    await eventually(async () => a.fake.callsTo(SEND).some(to('oAltRetry')), 5000, 20);
    await sleep(300);
    expect(a.fake.callsTo(SEND).filter(to('oAltRetry'))).toHaveLength(1);
    // Each instance counts hits in memory and saves them once a second.
    const hits = async () => (await b.app.inject({ url: `/admin/api/keyword-rules/${allRuleId}`, headers: adminHeaders })).json().hits as number;
    await eventually(async () => (await hits()) > 0, 3000);
    await sleep(1200);
    expect(await hits()).toBe(1);
  });

  it('when the first delivery is late on one instance then a retry on the other also gets "success" and the reply goes out once', async () => {
    const locker = new pg.Client({ connectionString: a.databaseUrl, options: `-c search_path=${a.schema},public` });
    await locker.connect();
    const xml = textXml('两台', { from: 'oAltLate', msgId: nextMsgId() });
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE keyword_rules IN ACCESS EXCLUSIVE MODE');
      await a.kv.publish('changes:keywords', 'default');
      await sleep(50);
      const first = await deliver(a.app, xml);
      const retry = await deliver(b.app, xml);
      expect([first.body, retry.body]).toEqual(['success', 'success']);
    } finally {
      await locker.query('COMMIT');
      await locker.end();
    }
    await eventually(async () => a.fake.callsTo(SEND).filter(to('oAltLate')).length >= 2, 5000, 20);
    await sleep(300);
    expect(a.fake.callsTo(SEND).filter(to('oAltLate')).map((c) => (c.body as { text: { content: string } }).text.content)).toEqual(['主回复', '补充回复']);
  });

  it('when a rule is edited, the subscribe reply changed or a rule deleted on one instance then the other follows within 1 s', async () => {
    let i = 0;
    const contentOnB = async (text: string) => (await deliver(b.app, textXml(text, { from: `oAltHot${i++}` }))).content;
    expect(await contentOnB('改规则')).toBe('旧回复');
    const list = (await a.app.inject({ url: '/admin/api/keyword-rules', headers: adminHeaders })).json().items as Array<{ id: number; name: string }>;
    const id = list.find((r) => r.name === '改规则')!.id;
    const put = await a.app.inject({
      method: 'PUT',
      url: `/admin/api/keyword-rules/${id}`,
      headers: adminHeaders,
      payload: { name: '改规则', keywords: [{ text: '改规则', match: 'exact' }], replies: [{ type: 'text', content: '新回复' }], replyMode: 'random' },
    });
    expect(put.statusCode).toBe(200);
    expect(await eventually(async () => (await contentOnB('改规则')) === '新回复', 1000, 50)).toBe(true);

    const subscribeOnB = async () => (await deliver(b.app, eventXml('subscribe', {}, { from: `oAltSub${i++}` }))).content;
    await subscribeOnB();
    const subscribe = await a.app.inject({ method: 'PUT', url: '/admin/api/auto-replies/subscribe', headers: adminHeaders, payload: { replies: [{ type: 'text', content: '欢迎关注（已更新）' }] } });
    expect(subscribe.statusCode).toBe(200);
    expect(await eventually(async () => (await subscribeOnB()) === '欢迎关注（已更新）', 1000, 50)).toBe(true);

    expect((await a.app.inject({ method: 'DELETE', url: `/admin/api/keyword-rules/${id}`, headers: adminHeaders })).statusCode).toBe(204);
    expect(await eventually(async () => (await contentOnB('改规则')) !== '新回复', 1000, 50)).toBe(true);
  });

  it('when a guide is published on one instance then a search the other already answered finds it within 1 s', async () => {
    let i = 0;
    const searchOnB = async () => String((await deliver(b.app, textXml('望远镜', { from: `oAltSearch${i++}` }))).content ?? '');
    expect(await searchOnB()).toContain('暂未找到');
    const created = await a.app.inject({
      method: 'POST',
      url: '/admin/api/guides',
      headers: adminHeaders,
      payload: { code: 'TWO-1', name: '望远镜借用登记', department: '示例区科技馆', status: 'published' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await eventually(async () => (await searchOnB()).includes('【望远镜借用登记】'), 1000, 50)).toBe(true);
  });

  it('when both instances find the token rejected at once then it is refreshed once, not twice', async () => {
    // Both instances hold a token first.
    await deliver(a.app, textXml('两台', { from: 'oTokWarmA' }));
    await deliver(b.app, textXml('两台', { from: 'oTokWarmB' }));
    await a.fake.waitFor(SEND, 2);
    await sleep(200);
    const tokensBefore = a.fake.callsTo('/cgi-bin/token').length;
    a.fake.revokeTokens();
    const openIds = ['oTok1', 'oTok2', 'oTok3', 'oTok4'];
    await Promise.all(openIds.map((from, n) => deliver(n % 2 ? b.app : a.app, textXml('两台', { from }))));
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !openIds.every((id) => a.fake.callsTo(SEND).some((c) => to(id)(c) && c.query.access_token !== undefined))) await sleep(20);
    await sleep(300);
    expect(a.fake.callsTo('/cgi-bin/token').length - tokensBefore).toBe(1);
    for (const id of openIds) {
      const delivered = a.fake.callsTo(SEND).filter(to(id));
      expect(delivered.at(-1)!.query.access_token).toBe(`TOKEN_${tokensBefore + 1}`);
    }
  });
});
