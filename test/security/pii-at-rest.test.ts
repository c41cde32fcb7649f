import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPiiInText } from '../../src/lib/mask.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { admin, citizen } from '../features/tickets/helpers.js';

const TYPED_PHONE = '13812345678';
const TYPED_ID = '440106199003071231';
const CONTACT_NAME = '韩梅梅';
const CONTACT_PHONE = '13987654321';

/** Issue 15, finding 11 (tickets): drafts in Redis are encrypted, numbers typed in free text are masked for operators. */
describe('security: personal data in ticket drafts and ticket text', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('when a citizen is filing then the raw Redis value of the draft holds no phone, name or ID number in clear, and filing still works', async () => {
    const c = citizen(t, 'oPiiDraft01');
    await c.say('我要投诉');
    await c.say(`楼下商铺占道，请联系我${TYPED_PHONE}，身份证${TYPED_ID}`);
    await c.say('完成');
    expect(await c.say(`${CONTACT_NAME} ${CONTACT_PHONE}`)).toContain('韩*');
    const raw = await t.kv.get(`session:default:${c.openId}`);
    expect(raw).toContain('ticket.confirm');
    for (const clear of [TYPED_PHONE, TYPED_ID, CONTACT_NAME, CONTACT_PHONE, '占道']) expect(raw).not.toContain(clear);
    const filed = await c.say('1');
    expect(filed).toMatch(/工单号：\d{11}/);
    const { rows } = await t.db.query<{ content: string }>('SELECT content FROM tickets WHERE content LIKE $1', ['楼下商铺占道%']);
    expect(rows[0]!.content).toContain(TYPED_PHONE);
  });

  it('when operators list or open a ticket then phone and ID numbers typed in its text are masked; the audited reveal shows them', async () => {
    const c = citizen(t, 'oPiiList01');
    await c.say('我要求助');
    await c.say(`路灯不亮，电话${TYPED_PHONE}，证件号${TYPED_ID}`);
    await c.say('完成');
    await c.say('1');
    const ticketNo = /工单号：(\d{11})/.exec(await c.say('1'))![1]!;
    const a = admin(t);
    const listed = (await a.get(`/tickets?q=${ticketNo}`)).body.items[0];
    expect(listed.content).toContain('138****5678');
    expect(listed.content).toContain('44**************31');
    expect(JSON.stringify(listed)).not.toContain(TYPED_PHONE);
    expect(JSON.stringify(listed)).not.toContain(TYPED_ID);
    const detail = (await a.get(`/tickets/${listed.id}`)).body;
    expect(JSON.stringify(detail)).not.toContain(TYPED_PHONE);
    expect(detail.content).toContain('138****5678');
    const revealed = (await a.post(`/tickets/${listed.id}/reveal`, { reason: '回访核实' })).body;
    expect(revealed.content).toContain(TYPED_PHONE);
  });

  it('when free text holds numbers in the ways citizens type them then mobiles and ID numbers are masked and other numbers are not', () => {
    expect(maskPiiInText('请联系13812345678谢谢')).toBe('请联系138****5678谢谢');
    expect(maskPiiInText('电话 138-1234-5678 或 138 1234 5678')).toBe('电话 138****5678 或 138****5678');
    expect(maskPiiInText('身份证11010519491231002X')).toBe('身份证11**************2X');
    expect(maskPiiInText('订单号26070800012345678901，金额12345元，座机020-12345678')).toBe('订单号26070800012345678901，金额12345元，座机020-12345678');
  });
});
