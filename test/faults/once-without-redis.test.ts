import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { nextMsgId, postWechat, readReply, textXml } from '../helpers/wechat.js';
import { bookingNoOf, Citizen as BookingCitizen, createService, hallBody } from '../features/appointments/helpers.js';
import { admin, citizen, fileTicket, imageXml, serveMedia } from '../features/tickets/helpers.js';
import { createFaultApp, type FaultApp } from './support/fault-app.js';
import { captureLogs } from './support/log-capture.js';
import { OwnRedis } from './support/redis-server.js';

const COPIES = 50;

/**
 * The store no longer holds de-duplication claims: what the webhook sees after Redis
 * failed over to a replica that had not received them, or came back from an older
 * snapshot. Conversations still read (they are older than the claims); every copy of
 * a delivery claims anew and runs its handler. Only PostgreSQL can keep effects once-only.
 */
function loseClaims(t: TestApp): void {
  const kv = t.kv;
  kv.setIfAbsentAndGet = async (_key, _value, _ttlMs, readKey) => ({ set: true, read: await kv.get(readKey) });
}

/** The same push delivered `COPIES` times at once; the replies' texts. */
async function copies(t: TestApp, xml: string): Promise<string[]> {
  const answers = await Promise.all(Array.from({ length: COPIES }, () => postWechat(t.app, xml)));
  return answers.map((res) => {
    expect(res.statusCode).toBe(200);
    return res.body === 'success' ? '' : String(readReply(res.body).Content ?? '');
  });
}

const count = async (t: TestApp, sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

describe('fault: effects stay once-only when de-duplication is lost', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    loseClaims(t);
    await createService(t, hallBody({ code: 'ONCE', capacityPerSlot: 100 }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when one confirmation is delivered 50 times at once then exactly one booking is made and every answer names its 预约号', async () => {
    const c = new BookingCitizen(t, 'oOnceBooking');
    expect(await c.toConfirmation('ONCE', { phone: '13800138001' })).toContain('确认');
    const replies = await copies(t, textXml('1', { from: c.openId, msgId: nextMsgId() }));
    expect(await count(t, `appointment_bookings WHERE open_id = $1`, [c.openId])).toBe(1);
    const { rows } = await t.db.query<{ booking_no: string }>('SELECT booking_no FROM appointment_bookings WHERE open_id = $1', [c.openId]);
    for (const reply of replies) expect(reply).toContain(rows[0]!.booking_no);
  });

  it('when a cancellation is delivered 50 times at once then every answer says it was cancelled', async () => {
    const c = new BookingCitizen(t, 'oOnceCancel');
    await c.toConfirmation('ONCE', { phone: '13800138002' });
    const no = bookingNoOf(await c.say('1'))!;
    expect(await c.say(`取消预约 ${no}`)).toContain(no);
    const replies = await copies(t, textXml('1', { from: c.openId, msgId: nextMsgId() }));
    for (const reply of replies) expect(reply).toContain(`已取消预约（预约号${no}）`);
  });

  it('when two citizens confirm with the same MsgId then each gets a booking of their own', async () => {
    const a = new BookingCitizen(t, 'oOnceSameIdA');
    const b = new BookingCitizen(t, 'oOnceSameIdB');
    await a.toConfirmation('ONCE', { phone: '13800138003' });
    await b.toConfirmation('ONCE', { phone: '13800138004' });
    const msgId = nextMsgId();
    const first = bookingNoOf(await a.say('1', msgId));
    const second = bookingNoOf(await b.say('1', msgId));
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(await count(t, `appointment_bookings WHERE open_id = ANY($1)`, [[a.openId, b.openId]])).toBe(2);
  });

  it('when one ticket submission is delivered 50 times at once then exactly one ticket is filed and every answer names its 工单号', async () => {
    const c = citizen(t, 'oOnceTicket');
    await c.say('我要投诉');
    await c.say('小区门口的路灯坏了一个月');
    await c.say('完成');
    await c.say('1');
    const replies = await copies(t, textXml('1', { from: c.openId, msgId: nextMsgId() }));
    expect(await count(t, `tickets WHERE content LIKE '小区门口的路灯%'`)).toBe(1);
    const { rows } = await t.db.query<{ ticket_no: string }>(`SELECT ticket_no FROM tickets WHERE content LIKE '小区门口的路灯%'`);
    for (const reply of replies) expect(reply).toContain(`工单号：${rows[0]!.ticket_no}`);
  });

  it('when one photo is delivered 50 times at once then it is stored once; another citizen\'s photo with the same MsgId is their own', async () => {
    serveMedia(t, Buffer.from('fake-jpeg-bytes'));
    const c = citizen(t, 'oOncePhoto');
    const other = citizen(t, 'oOncePhotoOther');
    await c.say('我要投诉');
    await other.say('我要投诉');
    const msgId = nextMsgId();
    const replies = await copies(t, imageXml(c.openId, 'media-once-1', msgId));
    for (const reply of replies) expect(reply).toContain('照片');
    expect(await count(t, 'ticket_attachments WHERE source_msg_id = $1', [msgId])).toBe(1);
    expect(await other.image('media-once-2', msgId)).toContain('照片');
    expect(await count(t, 'ticket_attachments WHERE source_msg_id = $1', [msgId])).toBe(2);
  });

  it('when one supplement is delivered 50 times at once then it is attached once', async () => {
    const c = citizen(t, 'oOnceSupplement');
    const { ticketNo } = await fileTicket(c, '我要求助', '楼道里的灯不亮');
    const ops = admin(t);
    const id = await ops.idOf(ticketNo);
    expect((await ops.post(`/tickets/${id}/request-info`, { question: '请提供具体楼栋号' })).status).toBe(200);
    await c.say('补充');
    const replies = await copies(t, textXml('在3号楼2单元', { from: c.openId, msgId: nextMsgId() }));
    expect(await count(t, `ticket_events WHERE ticket_id = $1 AND action IN ('info_received', 'citizen_message')`, [id])).toBe(1);
    for (const reply of replies) expect(reply).toContain('已收到您的补充信息');
  });

  it('when one rating is delivered 50 times at once then it is recorded once and every answer thanks the citizen', async () => {
    const c = citizen(t, 'oOnceRating');
    const { ticketNo } = await fileTicket(c, '我要咨询', '社保卡怎么补办');
    const ops = admin(t);
    const id = await ops.idOf(ticketNo);
    expect((await ops.post(`/tickets/${id}/reply`, { content: '请到政务服务中心人社窗口办理。' })).status).toBe(200);
    expect((await ops.post(`/tickets/${id}/close`, {})).status).toBe(200);
    const replies = await copies(t, textXml('5', { from: c.openId, msgId: nextMsgId() }));
    expect(await count(t, `ticket_events WHERE ticket_id = $1 AND action = 'rated'`, [id])).toBe(1);
    for (const reply of replies) expect(reply).toBe('感谢您的评价！');
  });
});

describe('fault: Redis is dead while one MsgId arrives 50 times', () => {
  let redis: OwnRedis;
  let a: FaultApp;
  const logs = captureLogs('info');
  beforeAll(async () => {
    redis = await OwnRedis.start();
    a = await createFaultApp({ redisUrl: redis.url, log: logs.log });
  });
  afterAll(async () => {
    await a?.close();
    await redis?.stop();
  });

  it('when Redis is killed and one MsgId arrives 50 times among other traffic then every copy is answered and the warnings stay a handful', async () => {
    await redis.kill();
    const before = logs.lines.length;
    const msgId = nextMsgId();
    const same = copies(a, textXml('你好', { from: 'oDeadSame', msgId }));
    const others = Promise.all(Array.from({ length: 100 }, (_, i) => postWechat(a.app, textXml(`问题${i}`, { from: `oDeadOther${i}` }))));
    const [replies, rest] = await Promise.all([same, others]);
    expect(replies).toHaveLength(COPIES);
    for (const res of rest) expect(res.statusCode).toBe(200);
    // A search that finds nothing still answers with its no-dead-end reply, not an apology.
    for (const res of rest) expect(res.body).toContain('12345');
    for (const res of rest) expect(res.body).not.toContain('系统暂时繁忙');
    const errors = logs.lines.slice(before).filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors.length, errors.join('\n')).toBeLessThanOrEqual(10);
    const warnings = logs.lines.slice(before).map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level === 40);
    // Each cause is written once per few seconds, not once per message: 150 messages, a handful of lines.
    expect(warnings.length, warnings.map((w) => w.msg).join('\n')).toBeLessThanOrEqual(10);
  }, 30_000);
});
