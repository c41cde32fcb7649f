import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PiiCipher } from '../../../src/lib/pii.js';
import { signLink } from '../../../src/lib/signed-link.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, citizen, fileTicket, serveMedia } from './helpers.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('tickets: the citizen progress page', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
    serveMedia(t, PNG, 'image/png');
  });
  afterAll(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('when a citizen opens the link from their progress reply then the page shows status, deadline, timeline, replies and photo thumbnails, without internal notes', async () => {
    const c = citizen(t, 'oPageOwner001');
    await c.say('我要投诉');
    await c.say('人行道地砖松动，雨天溅水');
    await c.image('media-page-1');
    await c.say('完成');
    await c.say('1');
    const ticketNo = /工单号：(\d{11})/.exec(await c.say('1'))![1]!;
    const id = await a.idOf(ticketNo);
    await a.post(`/tickets/${id}/notes`, { content: '内部备注：施工单位待定' });
    await a.post(`/tickets/${id}/reply`, { content: '已安排维修班组三日内修复。' });

    const progress = await c.say(`进度 ${ticketNo}`);
    const link = new URL(/详情（含附件）：(\S+)/.exec(progress)![1]!);
    const page = await get(`${link.pathname}${link.search}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('已答复');
    expect(page.body).toContain('答复期限');
    expect(page.body).toContain('已安排维修班组三日内修复');
    expect(page.body).not.toContain('施工单位待定');
    expect(page.body).not.toContain('admin');
    const thumb = /<img class="thumb" src="([^"]+)"/.exec(page.body)![1]!.replaceAll('&amp;', '&');
    const image = await get(thumb);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(PNG)).toBe(true);

    // The same link for another ticket number, or tampered, opens nothing.
    const other = await fileTicket(citizen(t, 'oPageOther001'), '我要咨询', '公交卡如何办理');
    expect((await get(`/h5/tickets/${other.ticketNo}${link.search}`)).statusCode).toBe(403);
    expect((await get(`${link.pathname}?t=${link.searchParams.get('t')!.slice(0, -3)}abc`)).statusCode).toBe(403);
    expect((await get(thumb.replace(/t=[^&]+/, 't=forged'))).statusCode).toBe(404);
  });

  it('when an anonymous ticket is opened with its 查询码 then the page shows it, and a wrong code does not', async () => {
    const c = citizen(t, 'oPageAnon0001');
    const { ticketNo, queryCode } = await fileTicket(c, '我要举报', '某工地夜间违规施工', '2');
    expect(queryCode).toMatch(/^\d{6}$/);
    const wrong = queryCode === '000000' ? '111111' : '000000';
    expect((await get(`/h5/tickets/${ticketNo}?code=${wrong}`)).statusCode).toBe(403);
    const page = await get(`/h5/tickets/${ticketNo}?code=${queryCode}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`工单 ${ticketNo}`);
    expect(page.body).toContain('诉求已受理');
    expect((await get(`/h5/tickets/${ticketNo}`)).body).toContain('请输入6位查询码');
  });

  it('when a signed link has expired then the page refuses it', async () => {
    const c = citizen(t, 'oPageExpire01');
    const { ticketNo } = await fileTicket(c, '我要咨询', '社保卡补办要多久');
    const token = signLink(new PiiCipher(t.config.dataEncryptionKey), { subject: `ticket:default:${ticketNo}`, openId: c.openId, expiresAt: Date.now() - 1000 });
    expect((await get(`/h5/tickets/${ticketNo}?t=${token}`)).statusCode).toBe(403);
  });
});
