import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen, customTexts, fileTicket, operatorHeaders } from './helpers.js';

describe('tickets: lifecycle, state machine and progress', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
    await a.put('/tickets/settings', { departments: ['示例区城市管理和综合执法局', '示例区住房和城乡建设局'] });
  });
  afterAll(async () => t.close());

  it('when a ticket goes through assign, request-info, reply, close and reopen then each move is an event with actor, time and visibility', async () => {
    const c = citizen(t, 'oLifeFull001');
    const { ticketNo } = await fileTicket(c, '我要投诉', '小区电梯经常故障');
    const id = await a.idOf(ticketNo);
    const handler = admin(t, await operatorHeaders(t, '张科长', ['handler'], '示例区住房和城乡建设局'));

    expect((await a.post(`/tickets/${id}/assign`, { department: '示例区住房和城乡建设局', note: '涉及物业，请核实维保记录' })).body.status).toBe('dispatched');
    expect((await handler.post(`/tickets/${id}/request-info`, { question: '请提供小区名称和楼栋号' })).body.status).toBe('awaiting_info');
    expect(customTexts(t, c.openId).at(-1)).toContain('请提供小区名称和楼栋号');
    // The citizen's next message answers the request, once they confirm it is the supplement.
    expect(await c.say('示例花园3栋')).toContain(`这是对工单${ticketNo}的补充吗`);
    expect(await c.say('1')).toContain('已收到您的补充信息');
    expect((await a.get(`/tickets/${id}`)).body.status).toBe('dispatched');

    expect((await handler.post(`/tickets/${id}/reply`, { content: '已督促物业更换电梯控制板，现已恢复运行。' })).body.status).toBe('replied');
    expect((await handler.post(`/tickets/${id}/close`)).body.status).toBe('closed');
    expect((await a.post(`/tickets/${id}/reopen`, { reason: '市民反映仍有故障' })).body.status).toBe('reopened');

    const events = (await a.get(`/tickets/${id}`)).body.events as Array<{ action: string; actor: string; visibility: string; at: string; detail: Record<string, unknown> }>;
    const moves = events.filter((e) => e.action !== 'notify').map((e) => [e.action, e.actor, e.visibility]);
    expect(moves).toEqual([
      ['filed', 'citizen', 'public'],
      ['assign', 'admin', 'public'],
      ['note', 'admin', 'internal'],
      ['request_info', '张科长', 'public'],
      ['info_received', 'citizen', 'public'],
      ['reply', '张科长', 'public'],
      ['close', '张科长', 'public'],
      ['reopen', 'admin', 'public'],
    ]);
    expect(events.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(events.find((e) => e.action === 'info_received')?.detail).toMatchObject({ text: '示例花园3栋' });

    const progress = await c.say(`进度 ${ticketNo}`);
    expect(progress).toContain('状态：重新办理中');
    expect(progress).toContain('已转交示例区住房和城乡建设局办理');
    expect(progress).toContain('最新答复：已督促物业更换电梯控制板');
    for (const secret of ['张科长', 'admin', '涉及物业', '维保记录']) expect(progress).not.toContain(secret);
  });

  it.each([
    ['close', {}, 'accepted', 'a ticket is closed only after a reply to the citizen'],
    ['reopen', {}, 'accepted', 'only a closed ticket can be reopened'],
  ])('when %s is asked of a fresh ticket then 409 with the reason', async (action, body, status, reason) => {
    const { ticketNo } = await fileTicket(citizen(t, `oLifeIllegal${action}`), '我要咨询', `非法流转测试${action}`);
    const id = await a.idOf(ticketNo);
    const res = await a.post(`/tickets/${id}/${action}`, body);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(reason);
    expect((await a.get(`/tickets/${id}`)).body.status).toBe(status);
  });

  it('when moves are illegal for the current status then each is refused with 409 and nothing changes', async () => {
    const { ticketNo } = await fileTicket(citizen(t, 'oLifeIllegal2'), '我要咨询', '社保断缴怎么补');
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/request-info`, { question: '请说明断缴月份' });
    expect((await a.post(`/tickets/${id}/request-info`, { question: '再问一次' })).status).toBe(409);
    await a.post(`/tickets/${id}/reply`, { content: '可在社保窗口办理补缴。' });
    await a.post(`/tickets/${id}/close`);
    for (const [action, body] of [['assign', { department: '示例区住房和城乡建设局' }], ['reply', { content: '再答复' }], ['close', {}], ['merge', { into: id }]] as const) {
      const res = await a.post(`/tickets/${id}/${action}`, body);
      expect(res.status, action).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
    }
    expect((await a.get(`/tickets/${id}`)).body.status).toBe('closed');
  });

  it('when a ticket is merged into another then it is closed for moves, its citizen hears the other ticket\'s answer and its progress says so', async () => {
    const first = citizen(t, 'oLifeMergeA1');
    const second = citizen(t, 'oLifeMergeB1');
    const target = await fileTicket(first, '我要投诉', '示例路路灯不亮');
    const dup = await fileTicket(second, '我要投诉', '示例路晚上没有路灯');
    const targetId = await a.idOf(target.ticketNo);
    const dupId = await a.idOf(dup.ticketNo);
    expect((await a.post(`/tickets/${dupId}/merge`, { into: dupId })).status).toBe(409);
    expect((await a.post(`/tickets/${dupId}/merge`, { into: 999999 })).body.error.field).toBe('into');
    expect((await a.post(`/tickets/${dupId}/merge`, { into: targetId })).body).toMatchObject({ status: 'merged', mergedInto: targetId });
    expect((await a.post(`/tickets/${dupId}/reply`, { content: 'x' })).body.error.message).toContain('merged');
    await a.post(`/tickets/${targetId}/reply`, { content: '路灯已修复。' });
    expect(customTexts(t, second.openId).at(-1)).toContain('路灯已修复');
    expect(await second.say(`进度 ${dup.ticketNo}`)).toContain(`已与工单${target.ticketNo}合并办理`);
  });

  it('when a citizen asks for 我的工单 then only their own tickets are listed, by keyword or menu key', async () => {
    const mine = citizen(t, 'oLifeMine001');
    const other = citizen(t, 'oLifeMine002');
    const one = await fileTicket(mine, '我要咨询', '公积金怎么提取');
    const two = await fileTicket(mine, '建议', '增加公交班次');
    const theirs = await fileTicket(other, '我要咨询', '医保怎么报销');
    const listed = await mine.say('我的工单');
    expect(listed).toContain(one.ticketNo);
    expect(listed).toContain(two.ticketNo);
    expect(listed).not.toContain(theirs.ticketNo);
    expect(await mine.click('tickets:mine')).toBe(listed);
    expect(await other.say(`进度 ${one.ticketNo}`)).toContain('未找到');
  });

  it('when operators list tickets then filters apply and personal data is masked', async () => {
    const c = citizen(t, 'oLifeList001');
    const { ticketNo } = await fileTicket(c, '求助', '独居老人需要上门探访', '陈小明 13600001111');
    const byQ = (await a.get(`/tickets?q=${encodeURIComponent('独居老人')}`)).body;
    expect(byQ.items.map((i: { ticketNo: string }) => i.ticketNo)).toEqual([ticketNo]);
    expect(byQ.items[0].contact).toEqual({ name: '陈**', phone: '136****1111' });
    expect(JSON.stringify(byQ)).not.toContain('13600001111');
    const byCategory = (await a.get('/tickets?category=求助&status=accepted')).body;
    expect(byCategory.items.every((i: { category: string; status: string }) => i.category === '求助' && i.status === 'accepted')).toBe(true);
    expect(byCategory.total).toBeGreaterThanOrEqual(1);
    expect((await a.get('/tickets?q=%25')).body.items).toEqual([]);
  });

  it.each([
    ['/tickets?status=done', 'status'],
    ['/tickets?category=表扬', 'category'],
    ['/tickets?overdue=maybe', 'overdue'],
  ])('when the list query is invalid (%s) then 400 naming the field', async (url, field) => {
    const res = await a.get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it('when an action body or id is invalid then 400 naming the field, and an unknown ticket is 404', async () => {
    const { ticketNo } = await fileTicket(citizen(t, 'oLifeValid01'), '我要咨询', '校验测试');
    const id = await a.idOf(ticketNo);
    expect((await a.post(`/tickets/${id}/reply`, {})).body.error.field).toBe('content');
    expect((await a.post(`/tickets/${id}/reply`, { content: '   ' })).body.error.field).toBe('content');
    expect((await a.post(`/tickets/${id}/assign`, { department: '不存在的局' })).body.error).toMatchObject({ field: 'department' });
    expect((await a.post(`/tickets/${id}/request-info`, { question: '' })).body.error.field).toBe('question');
    expect((await a.post(`/tickets/${id}/merge`, { into: 'x' })).body.error.field).toBe('into');
    expect((await a.get('/tickets/abc')).status).toBe(400);
    expect((await a.post('/tickets/999999/reply', { content: '答复' })).status).toBe(404);
  });
});
