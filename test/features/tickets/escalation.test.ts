import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, cstDate } from '../../../src/calendar/dates.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen, customTexts, fileTicket, operatorHeaders } from './helpers.js';

const DEPT = '示例区城市管理和综合执法局';
const OTHER = '示例区住房和城乡建设局';

describe('tickets: extension, return and not accepted', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  let handler: ReturnType<typeof admin>;
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
    await a.put('/tickets/settings', { departments: [DEPT, OTHER] });
    handler = admin(t, await operatorHeaders(t, '李科员', ['handler'], DEPT));
  });
  afterAll(async () => t.close());

  const dispatched = async (openId: string, text: string) => {
    const c = citizen(t, openId);
    const { ticketNo } = await fileTicket(c, '我要投诉', text);
    const id = await a.idOf(ticketNo);
    expect((await a.post(`/tickets/${id}/assign`, { department: DEPT })).status).toBe(200);
    return { c, id, ticketNo };
  };

  it('when a handler asks for an extension and an admin approves then the deadline moves, the first one is kept and the citizen is told', async () => {
    const { c, id, ticketNo } = await dispatched('oEscExtend01', '路边违章停车占用盲道');
    const before = (await a.get(`/tickets/${id}`)).body as { dueDate: string };
    const newDate = '2099-01-15';

    const asked = await handler.post(`/tickets/${id}/extend`, { reason: '需协调交警联合整治', dueDate: newDate });
    expect(asked.status).toBe(200);
    expect(asked.body.pendingExtension).toMatchObject({ reason: '需协调交警联合整治', dueDate: newDate, by: '李科员' });
    expect(asked.body.dueDate).toBe(before.dueDate);
    // A second request while one waits, and approval by a handler, are refused.
    expect((await handler.post(`/tickets/${id}/extend`, { reason: '再次申请', dueDate: newDate })).status).toBe(409);
    expect((await handler.post(`/tickets/${id}/extend/approve`)).status).toBe(403);

    const approved = await a.post(`/tickets/${id}/extend/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ dueDate: newDate, originalDueDate: before.dueDate, pendingExtension: null });
    expect(approved.body.notification).toMatchObject({ delivered: true });
    expect(customTexts(t, c.openId).at(-1)).toContain(`答复期限延长至${newDate}`);
    expect((await a.post(`/tickets/${id}/extend/approve`)).status).toBe(409);

    const events = ((await a.get(`/tickets/${id}`)).body.events as Array<{ action: string; actor: string; visibility: string }>).map((e) => [e.action, e.actor, e.visibility]);
    expect(events).toContainEqual(['extend_requested', '李科员', 'internal']);
    expect(events).toContainEqual(['extend', 'admin', 'public']);
    expect(await c.say(`进度 ${ticketNo}`)).toContain(`答复期限：${newDate}`);
  });

  it('when an extension asks for a date not after the deadline then 400 names dueDate', async () => {
    const { id } = await dispatched('oEscExtend02', '井盖缺失存在安全隐患');
    const res = await handler.post(`/tickets/${id}/extend`, { reason: '需要更多时间', dueDate: '2000-01-01' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('dueDate');
  });

  it('when the department returns a ticket then it goes back to the dispatcher without a department, keeps its deadline and can be sent on', async () => {
    const { c, id } = await dispatched('oEscReturn01', '小区楼道堆放杂物');
    const before = (await a.get(`/tickets/${id}`)).body as { dueDate: string };
    const sentBefore = customTexts(t, c.openId).length;
    const other = admin(t, await operatorHeaders(t, '王科员', ['handler'], OTHER));
    expect((await other.post(`/tickets/${id}/return`, { reason: '不属于本单位' })).status).toBe(404);

    const returned = await handler.post(`/tickets/${id}/return`, { reason: '属物业管理范畴，应由住建局办理' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', department: null, dueDate: before.dueDate });
    expect(customTexts(t, c.openId).length).toBe(sentBefore);
    expect((await a.post(`/tickets/${id}/return`, { reason: '再退' })).status).toBe(409);

    expect((await a.post(`/tickets/${id}/assign`, { department: OTHER })).body).toMatchObject({ status: 'dispatched', department: OTHER });
    const events = (await a.get(`/tickets/${id}`)).body.events as Array<{ action: string; detail: Record<string, unknown> }>;
    expect(events.find((e) => e.action === 'return')?.detail).toMatchObject({ reason: '属物业管理范畴，应由住建局办理', department: DEPT });
  });

  it('when an admin does not accept a ticket then it ends with the reason the citizen reads, and further moves are 409', async () => {
    const c = citizen(t, 'oEscReject01');
    const { ticketNo } = await fileTicket(c, '我要投诉', '邻居家装修选的颜色不好看');
    const id = await a.idOf(ticketNo);
    expect((await handler.post(`/tickets/${id}/reject`, { reason: 'x' })).status).toBe(403);
    const rejected = await a.post(`/tickets/${id}/reject`, { reason: '属民事纠纷，不属于政务服务受理范围' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', statusLabel: '不予受理', overdue: false });
    expect(customTexts(t, c.openId).at(-1)).toContain('不予受理。理由：属民事纠纷');
    for (const [path, body] of [['reject', { reason: '再次' }], ['assign', { department: DEPT }], ['extend', { reason: '延期', dueDate: '2099-01-01' }], ['close', {}]] as const) {
      expect((await a.post(`/tickets/${id}/${path}`, body)).status).toBe(409);
    }
    const progress = await c.say(`进度 ${ticketNo}`);
    expect(progress).toContain('状态：不予受理');
    expect(progress).toContain('不予受理：属民事纠纷');
  });

  it('when a dispatched ticket is to be rejected then 409 says it is decided before a department handles it', async () => {
    const { id } = await dispatched('oEscReject02', '夜间施工噪音扰民');
    const res = await a.post(`/tickets/${id}/reject`, { reason: '不受理' });
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toContain('before a department handles');
  });

  it('when a ticket is closed after its first deadline but within an approved extension then the on-time rate counts it on time, and one without an extension late', async () => {
    const today = cstDate(new Date());
    const onTime = async () => ((await a.get('/tickets/stats')).body as { onTime: { closedOnTime: number; closed: number } }).onTime;
    const before = await onTime();
    const finish = async (id: number) => {
      expect((await handler.post(`/tickets/${id}/reply`, { content: '已处理完毕。' })).status).toBe(200);
      expect((await handler.post(`/tickets/${id}/close`)).status).toBe(200);
    };

    const extended = await dispatched('oEscStats001', '公园路灯不亮');
    await t.db.query('UPDATE tickets SET due_date = $1 WHERE id = $2', [addDays(today, -2), extended.id]);
    expect((await handler.post(`/tickets/${extended.id}/extend`, { reason: '需更换线路', dueDate: addDays(today, 3) })).status).toBe(200);
    expect((await a.post(`/tickets/${extended.id}/extend/approve`)).status).toBe(200);
    await finish(extended.id);

    const late = await dispatched('oEscStats002', '广场地砖破损');
    await t.db.query('UPDATE tickets SET due_date = $1 WHERE id = $2', [addDays(today, -2), late.id]);
    await finish(late.id);

    const after = await onTime();
    expect(after.closed - before.closed).toBe(2);
    expect(after.closedOnTime - before.closedOnTime).toBe(1);
  });
});
