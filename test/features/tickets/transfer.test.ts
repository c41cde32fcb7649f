import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { postWechat, readReply, textXml } from '../../helpers/wechat.js';
import { admin } from './helpers.js';

const COMMUNITY = { id: 'community-a', name: '示例社区', appId: 'wx00000community01', appSecret: 'community-secret', token: 'communitytoken' };
const DISTRICT_DEPT = '示例区城市管理和综合执法局';

describe('accounts working together: template, transfer, cross-account statistics', () => {
  let t: TestApp;
  let district: ReturnType<typeof admin>;
  let community: ReturnType<typeof admin>;
  beforeAll(async () => {
    t = await createTestApp();
    district = admin(t);
    community = admin(t, { ...adminHeaders, 'x-account-id': COMMUNITY.id });
    // The district account ("default") is the template: a keyword reply, a numbered menu, departments.
    expect((await district.post('/keyword-rules', { name: '办公时间', keywords: [{ text: '办公时间', match: 'exact' }], replies: [{ type: 'text', content: '工作日9:00-17:00' }], replyMode: 'random' })).status).toBe(201);
    await district.put('/tickets/settings', { departments: [DISTRICT_DEPT], deadlines: { 投诉: 12 } });
  });
  afterAll(async () => t.close());

  /** A citizen of the community account: messages go to its own webhook path. */
  const resident = (openId: string) => async (text: string) => {
    const res = await postWechat(t.app, textXml(text, { from: openId }), { path: `/wechat/${COMMUNITY.id}`, token: COMMUNITY.token });
    expect(res.statusCode).toBe(200);
    return res.body === 'success' || res.body === '' ? '' : String(readReply(res.body).Content ?? '');
  };

  it('when a community account is created from the district template then its keyword replies and ticket settings are copied, and an unknown template is a 400', async () => {
    const bad = await district.post('/accounts', { ...COMMUNITY, id: 'community-x', template: 'nowhere' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('template');

    const created = await district.post('/accounts', { ...COMMUNITY, template: 'default' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: COMMUNITY.id, template: 'default', copied: { keyword_rules: 1, ticket_settings: 1 } });
    expect(created.body.copied).not.toHaveProperty('service_guides');
    expect(await resident('oResident0001')('办公时间')).toContain('工作日9:00-17:00');
    expect((await community.get('/tickets/settings')).body).toMatchObject({ departments: [DISTRICT_DEPT], deadlines: { 投诉: 12 } });
  });

  it('when a community ticket is transferred to the district then the district answers it and the citizen hears the answer through the community account', async () => {
    const say = resident('oResident0002');
    await say('我要投诉');
    await say('小区门口道路破损多处，车辆通行困难');
    await say('完成');
    await say('1');
    const ticketNo = /工单号：(\d{11})/.exec(await say('1'))![1]!;
    const listed = (await community.get(`/tickets?q=${ticketNo}`)).body as { items: Array<{ id: number; dueDate: string }> };
    const { id, dueDate } = listed.items[0]!;

    const moved = await community.post(`/tickets/${id}/transfer`, { accountId: 'default', reason: '涉及市政道路，需区级统筹' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ accountId: 'default', originAccountId: COMMUNITY.id, status: 'accepted', dueDate, ticketNo });
    expect((await community.post(`/tickets/${id}/transfer`, { accountId: 'default' })).status).toBe(404);
    expect((await district.post(`/tickets/${id}/transfer`, { accountId: 'default' })).status).toBe(400);

    // The district works it like its own ticket.
    expect((await district.post(`/tickets/${id}/assign`, { department: DISTRICT_DEPT })).status).toBe(200);
    const replied = await district.post(`/tickets/${id}/reply`, { content: '已列入本月道路修补计划，预计两周内完成。' });
    expect(replied.body.notification).toMatchObject({ channel: 'custom', delivered: true });
    const history = ((await district.get(`/tickets/${id}`)).body.events as Array<{ action: string }>).map((e) => e.action);
    expect(history).toEqual(expect.arrayContaining(['filed', 'transfer', 'assign', 'reply']));

    // The answer went out with the community account's own access token.
    const tokenCalls = t.fake.callsTo('/cgi-bin/token');
    const communityToken = `TOKEN_${tokenCalls.findIndex((c) => c.query.appid === COMMUNITY.appId) + 1}`;
    const sends = t.fake.callsTo('/cgi-bin/message/custom/send').filter((c) => (c.body as { touser: string }).touser === 'oResident0002');
    const answer = sends.find((c) => JSON.stringify(c.body).includes('道路修补计划'));
    expect(answer?.query.access_token).toBe(communityToken);

    // The citizen still follows it from the community account, by its number.
    const progress = await say(`进度 ${ticketNo}`);
    expect(progress).toContain('最新答复：已列入本月道路修补计划');
    expect(progress).toContain(`答复期限：${dueDate}`);
    expect(await say('我的工单')).toContain(ticketNo);
  });

  it('when the super-admin reads statistics across accounts then each account and the total are listed', async () => {
    const res = await district.get('/tickets/stats/accounts');
    expect(res.status).toBe(200);
    const ids = (res.body.accounts as Array<{ accountId: string }>).map((s) => s.accountId);
    expect(ids).toEqual(expect.arrayContaining(['default', COMMUNITY.id]));
    expect(res.body.total.tickets).toBeGreaterThanOrEqual(1);
  });
});
