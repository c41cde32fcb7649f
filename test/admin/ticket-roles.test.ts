import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { admin, citizen, fileTicket, operatorHeaders } from '../features/tickets/helpers.js';

const CITY = '示例区城市管理和综合执法局';
const HOUSING = '示例区住房和城乡建设局';

describe('admin API: handlers see only their department\'s tickets, and every view is audited', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  let city: ReturnType<typeof admin>;
  let housing: ReturnType<typeof admin>;
  let cityTicket: { id: number; ticketNo: string };
  let housingTicket: { id: number; ticketNo: string };
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
    await a.put('/tickets/settings', { departments: [CITY, HOUSING] });
    city = admin(t, await operatorHeaders(t, '城管小王', ['handler'], CITY));
    housing = admin(t, await operatorHeaders(t, '住建小李', ['handler'], HOUSING));
    const c = citizen(t, 'oRolesCitizen');
    for (const [content, department, set] of [
      ['占道经营', CITY, (v: typeof cityTicket) => (cityTicket = v)],
      ['楼道违建', HOUSING, (v: typeof cityTicket) => (housingTicket = v)],
    ] as const) {
      const { ticketNo } = await fileTicket(c, '我要投诉', content, '孙七 13500002222');
      const id = await a.idOf(ticketNo);
      await a.post(`/tickets/${id}/assign`, { department });
      set({ id, ticketNo });
    }
  });
  afterAll(async () => t.close());

  const ids = async (op: ReturnType<typeof admin>) => (await op.get('/tickets')).body.items.map((i: { id: number }) => i.id);

  it('when handlers list tickets then each sees only its department\'s, and the admin sees both', async () => {
    expect(await ids(city)).toEqual([cityTicket.id]);
    expect(await ids(housing)).toEqual([housingTicket.id]);
    expect(await ids(a)).toEqual(expect.arrayContaining([cityTicket.id, housingTicket.id]));
  });

  it('when a handler opens or acts on another department\'s ticket then it is not found and nothing changes', async () => {
    expect((await city.get(`/tickets/${housingTicket.id}`)).status).toBe(404);
    expect((await city.post(`/tickets/${housingTicket.id}/reply`, { content: '越权答复' })).status).toBe(404);
    expect((await city.post(`/tickets/${housingTicket.id}/reveal`, { reason: '看看' })).status).toBe(404);
    expect((await a.get(`/tickets/${housingTicket.id}`)).body.status).toBe('dispatched');
    expect((await city.post(`/tickets/${cityTicket.id}/reply`, { content: '已安排巡查。' })).body.status).toBe('replied');
  });

  it('when a handler transfers a ticket to another department then it leaves their view and reaches the other handler', async () => {
    const { ticketNo } = await fileTicket(citizen(t, 'oRolesMove01'), '我要投诉', '井盖缺失');
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/assign`, { department: CITY });
    expect((await city.post(`/tickets/${id}/assign`, { department: HOUSING })).status).toBe(200);
    expect(await ids(city)).not.toContain(id);
    expect(await ids(housing)).toContain(id);
  });

  it('when a handler views a ticket or reveals personal data then the audit log says who, what and when', async () => {
    await city.get(`/tickets/${cityTicket.id}`);
    expect((await city.post(`/tickets/${cityTicket.id}/reveal`, { reason: '电话回访' })).body).toMatchObject({ name: '孙七', phone: '13500002222' });
    const { rows } = await t.db.query(
      "SELECT actor, action, detail, created_at FROM audit_log WHERE resource = 'ticket' AND resource_id = $1 AND actor = '城管小王' ORDER BY id",
      [String(cityTicket.id)],
    );
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['view', 'reveal']));
    expect(rows.find((r) => r.action === 'reveal').detail).toEqual({ reason: '电话回访', fields: ['name', 'phone', 'content'] });
    expect(rows.every((r) => r.created_at instanceof Date)).toBe(true);
  });

  it('when the ticket is a confidential 举报 then handlers see no reporter and cannot reveal one, the admin can', async () => {
    const { ticketNo } = await fileTicket(citizen(t, 'oRolesReport1'), '我要举报', '工地偷排污水', '周八 13300003333');
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/assign`, { department: CITY });
    const seen = (await city.get(`/tickets/${id}`)).body;
    expect(seen).toMatchObject({ confidential: true, contact: null, contactHidden: true });
    expect(JSON.stringify(seen)).not.toContain('周');
    expect((await city.post(`/tickets/${id}/reveal`, { reason: '核实' })).status).toBe(403);
    expect((await a.get(`/tickets/${id}`)).body.contact).toEqual({ name: '周*', phone: '133****3333' });
  });
});
