import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, hallBody } from '../features/appointments/helpers.js';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';

describe('simulator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const rule = { name: '热线', keywords: [{ text: '热线', match: 'exact' }], replies: [{ type: 'text', content: '政务服务热线 12345' }, { type: 'text', content: '工作时间 9:00-17:00' }], replyMode: 'all' };
    expect((await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: adminHeaders, payload: rule })).statusCode).toBe(201);
  });
  afterAll(async () => t.close());

  const simulate = (payload: object) => t.app.inject({ method: 'POST', url: '/admin/api/simulate', headers: adminHeaders, payload });

  it('when a text is simulated then every reply (also those that would go by customer-service message) and the rule come back, and WeChat is never called', async () => {
    t.fake.reset();
    const res = await simulate({ text: '热线' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.replies).toEqual([
      { type: 'text', content: '政务服务热线 12345' },
      { type: 'text', content: '工作时间 9:00-17:00' },
    ]);
    expect(body.rule).toMatch(/^keyword:\d+$/);
    expect(body.openId).toBe('sim_admin');
    expect(t.fake.calls).toHaveLength(0);
  });

  it('when a menu click, a location or a subscribe is simulated then the dispatcher answers each with its rule', async () => {
    const click = await simulate({ event: 'click', key: 'keyword:热线' });
    expect(click.statusCode, click.body).toBe(200);
    expect(click.json().replies[0].content).toBe('政务服务热线 12345');
    const location = await simulate({ location: { lat: 23.1, lng: 113.3 } });
    expect(location.statusCode, location.body).toBe(200);
    expect(typeof location.json().rule).toBe('string');
    const subscribe = await simulate({ event: 'subscribe' });
    expect(subscribe.statusCode).toBe(200);
    expect(t.fake.calls).toHaveLength(0);
  });

  it('when the body names no message or two then 400', async () => {
    expect((await simulate({})).statusCode).toBe(400);
    expect((await simulate({ text: 'a', voice: 'b' })).statusCode).toBe(400);
    expect((await simulate({ text: 'a', openId: 'oRealCitizen' })).statusCode).toBe(400);
  });

  it('when the simulator was used then its messages are marked as test in the log, and DELETE /simulate/data removes them', async () => {
    await simulate({ text: '热线', openId: 'sim_cleanup' });
    const del = await t.app.inject({ method: 'DELETE', url: '/admin/api/simulate/data', headers: adminHeaders });
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().deleted.messages).toBeGreaterThanOrEqual(4);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM message_log WHERE test');
    expect(rows[0].n).toBe(0);
  });

  it('when a booking is made in the simulator then it is kept out of the bookings list, and DELETE /simulate/data removes it', async () => {
    const service = await createService(t, hallBody({ code: 'SIMHALL' }));
    const say = async (payload: object) => {
      const res = await simulate({ ...payload, openId: 'sim_booker' });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().replies as Array<{ content?: string }>).map((r) => r.content ?? '').join('\n');
    };
    expect(await say({ event: 'click', key: `appointment:${service.code}` })).toContain('请选择日期');
    await say({ text: '1' });
    await say({ text: '1' });
    await say({ text: '张三' });
    const confirm = await say({ text: '13812345678' });
    expect(confirm).toContain('确认');
    expect(await say({ text: '1' })).toContain('预约成功');
    expect((await t.db.query("SELECT count(*)::int AS n FROM appointment_bookings WHERE open_id = 'sim_booker'")).rows[0].n).toBe(1);
    const listed = await t.app.inject({ method: 'GET', url: '/admin/api/appointments', headers: adminHeaders });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items).toEqual([]);
    const del = await t.app.inject({ method: 'DELETE', url: '/admin/api/simulate/data', headers: adminHeaders });
    expect(del.json().deleted.bookings).toBe(1);
    expect(t.fake.calls.filter((c) => c.path.includes('/message/'))).toHaveLength(0);
  });
});
