import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { bookingNoOf, Citizen as BookingCitizen, createService, hallBody, today, tomorrow } from '../features/appointments/helpers.js';
import { citizen, fileTicket } from '../features/tickets/helpers.js';
import { guide } from '../features/content/content-helpers.js';

describe('admin API fixes found by operators trying the console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = adminHeaders) =>
    t.app.inject({ method, url: `/admin/api${url}`, headers, ...(payload === undefined ? {} : typeof payload === 'string' ? { payload, headers: { ...headers, 'content-type': 'text/csv' } } : { payload: payload as object }) });

  it('when a handler is created or edited with a department not in the configured list then 400 names department', async () => {
    expect((await send('PUT', '/tickets/settings', { departments: ['城管局', '住建局'] })).statusCode).toBe(200);
    const typo = await send('POST', '/operators', { name: '王办理', roles: ['handler'], department: '城管' });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.field).toBe('department');
    expect(typo.json().error.message).toContain('城管局');
    const ok = await send('POST', '/operators', { name: '王办理', roles: ['handler'], department: '城管局' });
    expect(ok.statusCode, ok.body).toBe(201);
    const edit = await send('PUT', `/operators/${ok.json().id}`, { name: '王办理', roles: ['handler'], department: '住建' });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().error.field).toBe('department');
    const moved = await send('PUT', `/operators/${ok.json().id}`, { name: '王办理', roles: ['handler', 'editor'], department: '住建局' });
    expect(moved.json()).toMatchObject({ roles: ['handler', 'editor'], department: '住建局' });
  });

  it('when a reply does not reach the citizen then the list says so and the undelivered filter finds the ticket', async () => {
    const { ticketNo } = await fileTicket(citizen(t, 'oApiFixTicket01'), '我要投诉', '夜间施工噪音扰民');
    const found = await send('GET', `/tickets?q=${ticketNo}`);
    const id = found.json().items[0].id as number;
    t.fake.respond((call) => (call.path === '/cgi-bin/message/custom/send' ? { json: { errcode: 45015, errmsg: 'response out of time limit' } } : undefined));
    const reply = await send('POST', `/tickets/${id}/reply`, { content: '已联系施工方整改。' });
    expect(reply.json().notification).toMatchObject({ delivered: false });
    t.fake.reset();

    const undelivered = await send('GET', '/tickets?undelivered=true');
    expect(undelivered.json().items.map((i: { ticketNo: string }) => i.ticketNo)).toEqual([ticketNo]);
    expect(undelivered.json().items[0].lastNotice).toMatchObject({ delivered: false, channel: 'none' });
    expect((await send('GET', '/tickets?undelivered=false')).json().items.map((i: { ticketNo: string }) => i.ticketNo)).not.toContain(ticketNo);

    // Replying again inside the window reaches the citizen, and the ticket leaves the filter.
    const retry = await send('POST', `/tickets/${id}/reply`, { content: '已联系施工方整改。' });
    expect(retry.json().notification).toMatchObject({ delivered: true, channel: 'custom' });
    expect((await send('GET', '/tickets?undelivered=true')).json().items).toEqual([]);
    expect((await send('GET', `/tickets/${id}`)).json().lastNotice).toMatchObject({ delivered: true });
  });

  it('when tickets are filtered by due within a day then only open tickets due today or tomorrow are listed', async () => {
    const { ticketNo } = await fileTicket(citizen(t, 'oApiFixTicket02'), '我要咨询', '社保卡补办要多久');
    await t.db.query('UPDATE tickets SET due_date = $2::date WHERE ticket_no = $1', [ticketNo, tomorrow()]);
    const soon = await send('GET', '/tickets?dueSoon=true');
    expect(soon.statusCode).toBe(200);
    expect(soon.json().items.map((i: { ticketNo: string }) => i.ticketNo)).toContain(ticketNo);
    await t.db.query("UPDATE tickets SET due_date = (now() + interval '20 days')::date WHERE ticket_no = $1", [ticketNo]);
    expect((await send('GET', '/tickets?dueSoon=true')).json().items.map((i: { ticketNo: string }) => i.ticketNo)).not.toContain(ticketNo);
  });

  it('when bookings are listed with date=today, found by 预约号 and checked in by number then only the booking day is accepted', async () => {
    await createService(t, hallBody({ code: 'FIX' }));
    const c = new BookingCitizen(t, 'oApiFixBooking1');
    const bookingNo = bookingNoOf(await c.toConfirmation('FIX', { phone: '13812340001' }).then(() => c.say('1')))!;
    expect(bookingNo).toMatch(/^\d{8}$/);

    expect((await send('GET', '/appointments?date=today')).statusCode).toBe(200);
    expect((await send('GET', '/appointments?date=yesterday')).json().error.field).toBe('date');
    expect((await send('GET', '/appointments?date=2026-02-30')).json().error.field).toBe('date');
    const byNo = await send('GET', `/appointments?bookingNo=${bookingNo}`);
    expect(byNo.json().items).toHaveLength(1);
    expect(byNo.json().items[0]).toMatchObject({ bookingNo, date: tomorrow(), name: '张*' });

    const early = await send('POST', `/appointments/by-number/${bookingNo}/check-in`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'NOT_BOOKING_DAY' });
    expect(early.json().error.message).toContain('只能在预约当天签到');

    // The booking's day arrives.
    await t.db.query("UPDATE appointment_bookings SET slot_start = now(), slot_end = now() + interval '30 minutes' WHERE booking_no = $1", [bookingNo]);
    expect((await send('GET', '/appointments?date=today')).json().items.map((b: { bookingNo: string }) => b.bookingNo)).toContain(bookingNo);
    const done = await send('POST', `/appointments/by-number/${bookingNo}/check-in`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ bookingNo, status: 'checked_in', date: today() });
    expect((await send('POST', `/appointments/by-number/${bookingNo}/check-in`)).statusCode).toBe(409);
    expect((await send('POST', '/appointments/by-number/00000000/check-in')).statusCode).toBe(404);
  });

  it('when a custom-menu key names a guide or a service that does not exist then 400 names the button', async () => {
    const menu = (key: string) => ({ button: [{ name: '办事', sub_button: [{ type: 'click', name: '居住证', key }, { type: 'click', name: '投诉', key: 'ticket:投诉' }] }] });
    const missing = await send('PUT', '/menu', menu('guide:NO-SUCH-GUIDE'));
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('button[0].sub_button[0].key');
    expect(JSON.stringify(missing.json())).toContain('NO-SUCH-GUIDE');
    expect((await send('PUT', '/menu', menu('appointment:NOPE'))).statusCode).toBe(400);
    expect((await send('POST', '/guides', guide('MENU-G1', '居住证办理'))).statusCode).toBe(201);
    const ok = await send('PUT', '/menu', menu('guide:MENU-G1'));
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('when a CSV import is dry-run then every bad row is listed, a ";" list warns, and nothing is written', async () => {
    const csv = ['code,name,department,materials,keywords', 'CSV-A,居住证办理,市公安局,身份证;户口本,居住证', 'CSV-B,,市公安局,身份证|照片,', 'CSV-C,护照办理,市公安局,身份证|照片,护照'].join('\n');
    const dry = await send('POST', '/guides/import?dryRun=true', csv);
    expect(dry.statusCode, dry.body).toBe(200);
    const body = dry.json();
    expect(body).toMatchObject({ dryRun: true, ok: false, total: 3, valid: 2 });
    expect(body.errors).toEqual([expect.objectContaining({ row: 2, line: 3, field: 'name' })]);
    expect(body.warnings).toEqual([expect.objectContaining({ row: 1, field: 'materials' })]);
    expect(body.warnings[0].message).toContain('“;”');
    expect((await t.db.query("SELECT code FROM service_guides WHERE code LIKE 'CSV-%'")).rows).toEqual([]);

    const fixed = csv.replace('CSV-B,,', 'CSV-B,户口迁移,');
    const done = await send('POST', '/guides/import', fixed);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ created: 3, warnings: [expect.objectContaining({ row: 1, field: 'materials' })] });

    const template = await send('GET', '/guides/import-template.csv');
    expect(template.headers['content-type']).toContain('text/csv');
    expect(template.body).toContain('code,name,shortName,department');
    const exported = await send('GET', '/guides.csv');
    expect(exported.body).toContain('CSV-C,护照办理');
    expect(exported.body).toContain('身份证|照片');
    // Export, then import again: the same guides, updated in place.
    const again = await send('POST', '/guides/import', exported.body.replace(/^\uFEFF/, ''));
    expect(again.json()).toMatchObject({ created: 0, updated: 4 });
  });

  it('when a day with bookings is made a holiday then 409 lists the bookings, and confirm=true sets it anyway', async () => {
    await createService(t, hallBody({ code: 'HOL' }));
    const c = new BookingCitizen(t, 'oApiFixHoliday1');
    const bookingNo = bookingNoOf(await c.toConfirmation('HOL', { phone: '13812340002' }).then(() => c.say('1')))!;
    const day = { date: tomorrow(), kind: 'holiday', name: '临时闭馆' };
    const refused = await send('POST', '/calendar', day);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'BOOKINGS_ON_HOLIDAY', field: 'date' });
    expect(refused.json().bookings).toContainEqual(expect.objectContaining({ date: tomorrow(), bookingNo }));
    expect((await send('GET', `/calendar?from=${tomorrow()}&to=${tomorrow()}`)).json().items).toEqual([]);
    expect((await send('POST', '/calendar', { date: today(), kind: 'workday' })).statusCode).toBe(201);
    expect((await send('POST', '/calendar?confirm=true', day)).statusCode).toBe(201);
  });

  it('when statistics are asked for then bookings per service, the no-show rate and the answering rules come back', async () => {
    await t.db.query("UPDATE appointment_bookings SET status = 'no_show' WHERE booking_no IN (SELECT booking_no FROM appointment_bookings WHERE status = 'booked' LIMIT 1)");
    const from = today();
    const to = tomorrow();
    const bookings = await send('GET', `/stats/bookings?from=${from}&to=${to}`);
    expect(bookings.statusCode, bookings.body).toBe(200);
    expect(bookings.json()).toMatchObject({ checkedIn: 1, noShow: 1, noShowRate: 0.5 });
    expect(bookings.json().items.map((i: { service: string }) => i.service)).toContain('测试大厅窗口');
    // The message log is written in batches off the reply path: ask again until the citizens' messages are in.
    let rules = await send('GET', `/stats/rules?from=${from}&to=${to}`);
    for (let i = 0; i < 50 && rules.json().items?.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rules = await send('GET', `/stats/rules?from=${from}&to=${to}`);
    }
    expect(rules.statusCode, rules.body).toBe(200);
    expect(rules.json().items.length).toBeGreaterThan(0);
    expect(rules.json().items[0]).toEqual({ rule: expect.any(String), name: null, count: expect.any(Number) });
    expect((await send('GET', '/stats/rules?from=nope')).statusCode).toBe(400);
  });

  it('when a news draft is previewed then the HTML is the H5 page citizens will see, without storing anything', async () => {
    const draft = { title: '冬季供暖通知', summary: '供暖时间调整', body: '11月15日起供暖。\n<script>x</script>', category: '通知公告', status: 'draft' };
    const res = await send('POST', '/news/preview', draft);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<h1>冬季供暖通知</h1>');
    expect(res.body).toContain('更多“通知公告”');
    expect(res.body).not.toContain('<script>x</script>');
    expect((await send('GET', '/news')).json().items).toEqual([]);
    expect((await send('POST', '/news/preview', { ...draft, title: '' })).json().error.field).toBe('title');
  });
});
