import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen, customTexts, fileTicket, operatorHeaders } from '../tickets/helpers.js';

const DEPT = '示例区城市管理和综合执法局';

describe('participation: published answers (公开答复)', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
    await a.put('/tickets/settings', { departments: [DEPT] });
  });
  afterAll(async () => t.close());

  const del = (url: string) => t.app.inject({ method: 'DELETE', url: `/admin/api${url}`, headers: { authorization: 'Bearer test-admin-token-0123456789' } });

  it('when a complaint is extended, closed and published then another citizen finds the answer by chat search, without the first citizen’s personal data', async () => {
    const complainant = citizen(t, 'oAnsComplain1');
    const { ticketNo } = await fileTicket(complainant, '我要投诉', '幸福路菜市场门口共享单车乱停放，堵塞人行道，我是赵晓明，电话13912345678', '赵晓明 13912345678');
    const id = await a.idOf(ticketNo);
    const handler = admin(t, await operatorHeaders(t, '钱科员', ['handler'], DEPT));
    expect((await a.post(`/tickets/${id}/assign`, { department: DEPT })).status).toBe(200);
    expect((await handler.post(`/tickets/${id}/extend`, { reason: '需约谈共享单车运营企业', dueDate: '2099-03-01' })).status).toBe(200);
    expect((await a.post(`/tickets/${id}/extend/approve`)).body).toMatchObject({ dueDate: '2099-03-01' });
    expect(customTexts(t, complainant.openId).at(-1)).toContain('答复期限延长至2099-03-01');
    expect((await handler.post(`/tickets/${id}/reply`, { content: '已约谈运营企业，在幸福路菜市场增设共享单车停放点并安排专人调度。' })).status).toBe(200);

    // Only a closed ticket is published.
    expect((await a.post(`/tickets/${id}/publish`, { question: 'q', answer: 'a' })).status).toBe(409);
    expect((await handler.post(`/tickets/${id}/close`)).status).toBe(200);

    const draft = await a.get(`/tickets/${id}/publish`);
    expect(draft.body.question).not.toContain('13912345678');
    expect(draft.body.question).not.toContain('赵晓明');
    expect(draft.body.answer).toContain('增设共享单车停放点');

    // The operator's edit still carries the phone number by mistake: it never goes public.
    const published = await a.post(`/tickets/${id}/publish`, {
      question: '幸福路菜市场门口共享单车乱停放，堵塞人行道，联系人赵晓明 13912345678。',
      answer: '已约谈运营企业，在幸福路菜市场增设共享单车停放点并安排专人调度。',
      category: '城市管理',
    });
    expect(published.status).toBe(200);
    expect(published.body.question).not.toMatch(/13912345678|赵晓明/);

    const other = citizen(t, 'oAnsSearcher1');
    const found = await other.say('共享单车乱停放');
    expect(found).toContain('公开答复');
    expect(found).toContain('增设共享单车停放点');
    expect(found).not.toMatch(/13912345678|赵晓明|oAnsComplain1/);

    const list = await t.app.inject({ method: 'GET', url: '/h5/answers?q=共享单车&category=城市管理' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('幸福路菜市场');
    expect(list.body).toContain('城市管理（1）');
    expect((await t.app.inject({ method: 'GET', url: '/h5/answers?q=不存在的事' })).body).toContain('暂无相关公开答复');
    const searchPage = await t.app.inject({ method: 'GET', url: `/h5/search?q=${encodeURIComponent('共享单车乱停放')}` });
    expect(searchPage.body).toContain(`href="/h5/answers/${published.body.id}"><span class="tag">公开答复</span>`);
    const detail = await t.app.inject({ method: 'GET', url: `/h5/answers/${published.body.id}` });
    expect(detail.body).toContain('专人调度');
    expect(detail.body).not.toMatch(/13912345678|赵晓明/);

    // Withdrawn: gone from the page and from search.
    expect((await del(`/tickets/${id}/publish`)).statusCode).toBe(200);
    expect((await del(`/tickets/${id}/publish`)).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'GET', url: `/h5/answers/${published.body.id}` })).statusCode).toBe(404);
    expect(await citizen(t, 'oAnsSearcher2').say('共享单车乱停放')).not.toContain('增设共享单车停放点');
    const events = (await a.get(`/tickets/${id}`)).body.events as Array<{ action: string }>;
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['extend_requested', 'extend', 'publish', 'withdraw']));
  });

  it('when a handler without the editor role publishes then 403, and a 举报 ticket is never published', async () => {
    const c = citizen(t, 'oAnsReport01');
    const { ticketNo } = await fileTicket(c, '我要举报', '某餐馆后厨卫生脏乱');
    const id = await a.idOf(ticketNo);
    expect((await a.post(`/tickets/${id}/reply`, { content: '已转市场监管部门查处。' })).status).toBe(200);
    expect((await a.post(`/tickets/${id}/close`)).status).toBe(200);
    expect((await a.post(`/tickets/${id}/publish`, { question: '餐馆卫生', answer: '已查处' })).status).toBe(409);
    const handler = admin(t, await operatorHeaders(t, '孙科员', ['handler'], DEPT));
    expect((await handler.post(`/tickets/${id}/publish`, { question: '餐馆卫生', answer: '已查处' })).status).toBe(403);
  });

  it('when several published answers match a search then they are listed as 答复 and a number opens one', async () => {
    const publish = async (openId: string, question: string, answer: string) => {
      const { ticketNo } = await fileTicket(citizen(t, openId), '我要投诉', question);
      const id = await a.idOf(ticketNo);
      await a.post(`/tickets/${id}/reply`, { content: answer });
      await a.post(`/tickets/${id}/close`);
      expect((await a.post(`/tickets/${id}/publish`, { question, answer })).status).toBe(200);
    };
    await publish('oAnsMany0001', '小区停车位被外来车辆长期占用', '已责令物业加装道闸，外来车辆登记后进入。');
    await publish('oAnsMany0002', '小区停车位收费标准不公开', '已协调物业在公告栏公示停车位收费标准。');
    const c = citizen(t, 'oAnsMany0003');
    const list = await c.say('搜索 小区停车位');
    expect(list).toMatch(/1\.【答复】/);
    expect(list).toMatch(/2\.【答复】/);
    const opened = await c.say('1');
    expect(opened).toContain('【公开答复·投诉】');
    expect(opened).toMatch(/答：已(责令|协调)/);
  });
});
