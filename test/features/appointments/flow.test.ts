import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, weekdayName } from '../../../src/calendar/dates.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { nextMsgId } from '../../helpers/wechat.js';
import { bookingNoOf, Citizen, createService, hallBody, redisTtl, today, tomorrow, VALID_IDS } from './helpers.js';

describe('booking by conversation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await createService(t, hallBody());
    await createService(t, hallBody({ code: 'ID1', name: '实名窗口', requireIdNumber: true, whatToBring: '户口簿' }));
  });
  afterAll(async () => t.close());

  it('when a citizen types 预约 and answers with digits only then every step is numbered and the result names the 预约号, place, time and what to bring', async () => {
    const c = new Citizen(t, 'oFlowDigits');
    const services = await c.say('预约');
    expect(services).toContain('请选择预约服务');
    expect(services).toMatch(/^1\. 测试大厅窗口$/m);
    expect(services).toMatch(/^2\. 实名窗口$/m);
    expect(services).toMatch(/^3\. 我的预约/m);

    const dates = await c.say('1');
    const first = tomorrow();
    expect(dates).toContain(`1. ${first} ${weekdayName(first)}（余6个）`);
    expect(dates).toContain(`3. ${addDays(first, 2)} ${weekdayName(addDays(first, 2))}`);
    expect(dates).not.toContain(`4. `);

    const slots = await c.say('1');
    expect(slots).toMatch(/^1\. 09:00-09:30（余3个）$/m);
    expect(slots).toMatch(/^2\. 09:30-10:00（余3个）$/m);

    expect(await c.say('2')).toContain('请输入预约人姓名');
    expect(await c.say('张三')).toContain('手机号');
    const confirm = await c.say('13812345678');
    expect(confirm).toContain('请核对预约信息');
    expect(confirm).toContain('张*');
    expect(confirm).toContain('138****5678');
    expect(confirm).toMatch(/^1\. 确认预约$/m);
    expect(confirm).toMatch(/^2\. 取消$/m);

    const result = await c.say('1');
    expect(result).toContain('预约成功');
    expect(bookingNoOf(result)).toMatch(/^\d{8}$/);
    expect(result).toContain(`时间：${first} ${weekdayName(first)} 09:30-10:00`);
    expect(result).toContain('地点：测试路1号');
    expect(result).toContain('请携带：居民身份证原件');
    const { rows } = await t.db.query("SELECT status, booking_no FROM appointment_bookings WHERE open_id = 'oFlowDigits'");
    expect(rows).toEqual([{ status: 'booked', booking_no: bookingNoOf(result) }]);
  });

  it('when the service requires an ID number then it is asked after the phone and checked with the GB 11643 checksum', async () => {
    const c = new Citizen(t, 'oFlowId');
    const askId = await c.toConfirmation('ID1', { phone: '13912345678' });
    expect(askId).toContain('身份证号');
    const bad = VALID_IDS[1]!.slice(0, 17) + (VALID_IDS[1]!.endsWith('1') ? '2' : '1');
    expect(await c.say(bad)).toContain('校验位不正确');
    expect(await c.say('4401061990030')).toContain('应为18位');
    expect(await c.say('440106199013071238')).toContain('出生日期不正确');
    const confirm = await c.say(VALID_IDS[0]!.toLowerCase());
    expect(confirm).toContain('11**************2X');
    expect(await c.say('确认')).toContain('预约成功');
  });

  it('when the citizen replies 0 then each step goes back one, and 退出 leaves without saving', async () => {
    const c = new Citizen(t, 'oFlowBack');
    await c.say('预约');
    await c.say('1');
    await c.say('1');
    expect(await c.say('0')).toContain('请选择日期');
    expect(await c.say('0')).toContain('请选择预约服务');
    await c.say('1');
    await c.say('1');
    await c.say('1');
    expect(await c.say('0')).toContain('可预约时段');
    await c.say('1');
    await c.say('李四');
    expect(await c.say('0')).toContain('请输入预约人姓名');
    await c.say('李四');
    await c.say('13812345670');
    expect(await c.say('返回')).toContain('手机号');
    expect(await c.say('退出')).toContain('已退出预约');
    expect(await c.say('1')).not.toContain('预约');
    const { rows } = await t.db.query("SELECT 1 FROM appointment_bookings WHERE open_id = 'oFlowBack'");
    expect(rows).toHaveLength(0);
  });

  it('when the answer is out of range, not a number, or a bad phone or name then the step is asked again with the reason', async () => {
    const c = new Citizen(t, 'oFlowInvalid');
    await c.say('预约');
    const outOfRange = await c.say('9');
    expect(outOfRange).toContain('没有第9项，请回复1到3之间的数字');
    expect(outOfRange).toContain('请选择预约服务');
    expect(await c.say('你好')).toContain('请回复1到3之间的数字');
    await c.say('1');
    await c.say('1');
    await c.say('1');
    expect(await c.say('张3')).toContain('姓名不能包含数字');
    await c.say('王五');
    expect(await c.say('12345')).toContain('手机号应为11位数字，您输入了5位');
    expect(await c.say('12812345678')).toContain('不是有效的大陆手机号');
    expect(await c.say('+86 138-1234-5679')).toContain('请核对预约信息');
    expect(await c.say('3')).toContain('没有第3项，请回复1到2之间的数字');
    expect(await c.say('2')).toContain('已取消本次预约');
  });

  it('when the citizen speaks instead of typing then voice recognition works at every step', async () => {
    const c = new Citizen(t, 'oFlowVoice');
    expect(await c.speak('预约。')).toContain('请选择预约服务');
    expect(await c.speak('第一个。')).toContain('请选择日期');
    expect(await c.speak('一。')).toContain('可预约时段');
    expect(await c.speak('选2。')).toContain('请输入预约人姓名');
    expect(await c.speak('赵六。')).toContain('手机号');
    expect(await c.speak('幺三八 一二三四 五六七六。')).toContain('138****5676');
    expect(await c.speak('确认。')).toContain('预约成功');
  });

  it('when a conversation has been idle then it lives 10 minutes, and a reply after expiry is told politely how to restart', async () => {
    const c = new Citizen(t, 'oFlowExpired');
    await c.say('预约');
    await c.say('1');
    const ttl = await redisTtl(t, 'session:default:oFlowExpired');
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    await t.kv.del('session:default:oFlowExpired');
    const expired = await c.say('1');
    expect(expired).toContain('超过10分钟未回复');
    expect(expired).toContain('回复“预约”重新开始');
    expect(await c.say('1')).not.toContain('超过10分钟');

    // At a numbered step, only a number (or 0, 确认…) reads as an answer to the lost conversation.
    await c.say('预约');
    await t.kv.del('session:default:oFlowExpired');
    expect(await c.say('你好')).not.toContain('超过10分钟');
    expect(await c.say('2')).toContain('超过10分钟');
  });

  it('when a menu key appointment:<code> is tapped then that service opens directly; an unknown code shows the list', async () => {
    const c = new Citizen(t, 'oFlowKey');
    expect(await c.tap('appointment:t1')).toContain('测试大厅窗口\n请选择日期');
    expect(await c.tap('appointment')).toContain('请选择预约服务');
    const unknown = await c.tap('appointment:NOPE');
    expect(unknown).toContain('没有找到预约服务“NOPE”');
    expect(unknown).toContain('1. 测试大厅窗口');
  });

  it('when the confirming message is delivered twice or the citizen taps 1 twice at once then exactly one booking is made', async () => {
    const c = new Citizen(t, 'oFlowRetry');
    await c.toConfirmation('T1', { phone: '13812340001' });
    const msgId = nextMsgId();
    const [a, b] = await Promise.all([c.say('1', msgId), c.say('1', msgId)]);
    expect(bookingNoOf(a)).toBeDefined();
    expect(bookingNoOf(b)).toBe(bookingNoOf(a));

    const d = new Citizen(t, 'oFlowDouble');
    await d.toConfirmation('T1', { phone: '13812340002' }, { slot: 2 });
    const [x, y] = await Promise.all([d.say('1'), d.say('1')]);
    expect(bookingNoOf(x)).toBeDefined();
    expect(bookingNoOf(y), y).toBe(bookingNoOf(x));
    const { rows } = await t.db.query("SELECT count(*)::int AS n FROM appointment_bookings WHERE open_id IN ('oFlowRetry', 'oFlowDouble')");
    expect(rows[0].n).toBe(2);
  });

  it('when a second tap on 1 reads the confirmation after the first took the last place then it hears the same 预约号, not "full"', async () => {
    // T1 has three places per slot: two other citizens take two of them.
    for (const [i, openId] of ['oFlowFill1', 'oFlowFill2'].entries()) {
      const other = new Citizen(t, openId);
      await other.toConfirmation('T1', { phone: `1381234010${i}` }, { date: 3 });
      expect(bookingNoOf(await other.say('1'))).toBeDefined();
    }
    const c = new Citizen(t, 'oFlowLastPlace');
    await c.toConfirmation('T1', { phone: '13812340109' }, { date: 3 });
    const atConfirmation = await t.kv.get(`session:default:${c.openId}`);
    const first = bookingNoOf(await c.say('1'));
    expect(first).toBeDefined();
    // The second tap was read with the conversation before the first one ended it.
    await t.kv.set(`session:default:${c.openId}`, atConfirmation!, 60_000);
    const second = await c.say('1');
    expect(bookingNoOf(second), second).toBe(first);
  });

  it('when the same confirmation commits on another instance between this tap\'s checks and takes the last place then this tap hears its 预约号, not "full"', async () => {
    await createService(t, hallBody({ code: 'ONE', name: '单人窗口', capacityPerSlot: 1 }));
    const c = new Citizen(t, 'oFlowOtherInstance');
    await c.toConfirmation('ONE', { phone: '13812340110' });
    const sessionKey = `session:default:${c.openId}`;
    const atConfirmation = (await t.kv.get(sessionKey))!;
    // The other instance's booking, made for real, then taken back to be replayed at the chosen moment.
    const first = bookingNoOf(await c.say('1'))!;
    const { rows: made } = await t.db.query('SELECT * FROM appointment_bookings WHERE booking_no = $1', [first]);
    await t.db.query('DELETE FROM appointment_reminders WHERE booking_id = $1', [made[0].id]);
    await t.db.query('DELETE FROM appointment_bookings WHERE id = $1', [made[0].id]);
    await t.db.query('UPDATE appointment_slots SET booked = booked - 1 WHERE service_id = $1 AND slot_start = $2', [made[0].service_id, made[0].slot_start]);
    await t.kv.set(sessionKey, atConfirmation, 60_000);

    // This tap finds no booking, then waits to read the slot; the other instance commits meanwhile.
    const other = await t.db.connect();
    let second: Promise<string>;
    try {
      await other.query('BEGIN');
      await other.query('LOCK TABLE appointment_slots IN ACCESS EXCLUSIVE MODE');
      const columns = Object.keys(made[0]);
      await other.query(
        `INSERT INTO appointment_bookings (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((column) => made[0][column]),
      );
      await other.query('UPDATE appointment_slots SET booked = booked + 1 WHERE service_id = $1 AND slot_start = $2', [made[0].service_id, made[0].slot_start]);
      second = c.say('1');
      const { rows: me } = await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      for (;;) {
        const { rows } = await t.db.query('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [me[0]!.pid]);
        if (rows.length) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await other.query('COMMIT');
    } finally {
      other.release();
    }
    const reply = await second;
    expect(bookingNoOf(reply), reply).toBe(first);
  });

  it('when 我的预约 is sent then upcoming bookings are numbered, and picking one cancels it after confirmation by digits only', async () => {
    const c = new Citizen(t, 'oFlowMine');
    expect(await c.say('我的预约')).toContain('没有待办理的预约');
    await c.toConfirmation('T1', { phone: '13812340003' }, { date: 2 });
    const no = bookingNoOf(await c.say('1'))!;
    const list = await c.say('我的预约');
    expect(list).toMatch(new RegExp(`^1\\. ${addDays(today(), 2)} .* 测试大厅窗口（预约号${no}）$`, 'm'));
    const prompt = await c.say('1');
    expect(prompt).toContain('确认取消以下预约吗');
    expect(prompt).toMatch(/^1\. 确认取消$/m);
    expect(await c.say('1')).toContain(`已取消预约（预约号${no}）`);
    expect(await c.say('我的预约')).toContain('没有待办理的预约');
  });

  it('when 取消预约 <预约号> is sent then a confirmation is asked, 2 keeps the booking, and another citizen cannot cancel it', async () => {
    const c = new Citizen(t, 'oFlowCancelNo');
    await c.toConfirmation('T1', { phone: '13812340004' }, { date: 3 });
    const no = bookingNoOf(await c.say('1'))!;
    expect(await new Citizen(t, 'oStranger').say(`取消预约 ${no}`)).toContain(`没有找到您名下预约号为${no}的预约`);
    expect(await c.say(`取消预约 ${no}`)).toContain('确认取消以下预约吗');
    expect(await c.say('2')).toContain('已为您保留预约');
    const { rows } = await t.db.query('SELECT status FROM appointment_bookings WHERE booking_no = $1', [no]);
    expect(rows[0].status).toBe('booked');
    // Said rather than typed: at "cancel this booking?", 取消 means yes.
    await c.say(`取消预约 ${no}`);
    expect(await c.speak('取消。')).toContain(`已取消预约（预约号${no}）`);
    // Elsewhere in the flow, 取消 leaves it.
    await c.say('预约');
    expect(await c.say('取消')).toContain('已退出预约');
  });
});
