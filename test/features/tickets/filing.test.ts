import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { nextMsgId, postWechat, readReply, textXml } from '../../helpers/wechat.js';
import { admin, citizen, fileTicket, imageXml, serveMedia } from './helpers.js';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('fake-jpeg-body')]);

describe('tickets: filing by conversation', () => {
  let t: TestApp;
  /** As if a delivery's de-duplication key expired: once its reply record is written (not awaited by the webhook), drop it. */
  const expireDelivery = async (key: string) => {
    await vi.waitFor(async () => expect(await t.kv.get(key)).not.toBe('pending'));
    await t.kv.del(key);
  };
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const ticketRow = async (ticketNo: string) => (await t.db.query('SELECT * FROM tickets WHERE ticket_no = $1', [ticketNo])).rows[0];

  it('when a citizen types 我要咨询 and describes the matter then the reply gives a 工单号 and the ticket holds the text', async () => {
    const c = citizen(t, 'oFileZixun01');
    expect(await c.say('我要咨询')).toContain('【我要咨询】');
    expect(await c.say('社保卡丢了怎么补办？')).toContain('已记录');
    expect(await c.say('完成')).toContain('联系方式');
    expect(await c.say('1')).toContain('类别：咨询');
    const done = await c.say('1');
    expect(done).toMatch(/工单号：\d{11}/);
    expect(done).toContain('2个工作日');
    const row = await ticketRow(/工单号：(\d{11})/.exec(done)![1]!);
    expect(row).toMatchObject({ category: '咨询', status: 'accepted', content: '社保卡丢了怎么补办？', anonymous: false, confidential: false });
  });

  it('when a 求助 is described by voice then the recognised speech becomes the content, and a voice note without recognition is stored', async () => {
    serveMedia(t, Buffer.from('#!AMR\nvoice-bytes'), 'audio/amr');
    const c = citizen(t, 'oFileQiuzhu1');
    await c.say('求助');
    expect(await c.voice('家里老人摔倒了需要帮助。')).toContain('已记录');
    expect(await c.voice(undefined, 'voice-media-raw')).toContain('已收到语音');
    await c.voice('完成。');
    await c.say('1');
    const done = await c.say('1');
    const row = await ticketRow(/工单号：(\d{11})/.exec(done)![1]!);
    expect(row.category).toBe('求助');
    expect(row.content).toBe('（语音）家里老人摔倒了需要帮助。');
    const { rows } = await t.db.query('SELECT kind, content_type FROM ticket_attachments WHERE ticket_id = $1', [row.id]);
    expect(rows).toEqual([{ kind: 'voice', content_type: 'audio/amr' }]);
    t.fake.reset();
  });

  it('when a 投诉 comes with two photos and a location then each photo is fetched once and kept with the ticket', async () => {
    serveMedia(t, JPEG);
    const c = citizen(t, 'oFileTousu01');
    await c.say('我要投诉');
    await c.say('小区门口垃圾堆放多日无人清理');
    expect(await c.image('media-photo-1')).toContain('第1张照片');
    expect(await c.image('media-photo-2')).toContain('第2张照片');
    expect(await c.location(23.1345, 113.3588, '示例区示例大道1号')).toContain('示例区示例大道1号');
    await c.say('完成');
    expect(await c.say('李四 13912345678')).toMatch(/照片：2张[\s\S]*位置：示例区示例大道1号[\s\S]*李\* 139\*\*\*\*5678/);
    const done = await c.say('1');
    const ticketNo = /工单号：(\d{11})/.exec(done)![1]!;
    expect(t.fake.callsTo('/cgi-bin/media/get').map((call) => call.query.media_id)).toEqual(['media-photo-1', 'media-photo-2']);
    const row = await ticketRow(ticketNo);
    expect(row.location).toMatchObject({ lat: 23.1345, lng: 113.3588, label: '示例区示例大道1号', source: 'message' });

    const a = admin(t);
    const detail = (await a.get(`/tickets/${row.id}`)).body;
    expect(detail.attachments).toBe(2);
    const photo = await t.app.inject({ method: 'GET', url: detail.attachmentList[0].url, headers: { authorization: `Bearer ${t.config.adminToken}` } });
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.rawPayload.equals(JPEG)).toBe(true);
    t.fake.reset();
  });

  it('when WeChat reports the location during a 建议 then the reported position is kept without a reply', async () => {
    const c = citizen(t, 'oFileJianyi1');
    await c.click('ticket:建议');
    expect(await c.reportLocation(23.12, 113.31)).toBe('');
    await c.say('建议在地铁站出口增设共享单车停放点');
    await c.say('完成');
    expect(await c.say('1')).toContain('位置：已获取您的当前位置');
    const done = await c.say('1');
    const row = await ticketRow(/工单号：(\d{11})/.exec(done)![1]!);
    expect(row.category).toBe('建议');
    expect(row.location).toEqual({ lat: 23.12, lng: 113.31, source: 'report' });
  });

  it('when a 举报 is filed anonymously then it is confidential, gets a 查询码 of which only a hash is stored, and progress needs that code', async () => {
    const c = citizen(t, 'oFileJubao01');
    const { ticketNo, queryCode, reply } = await fileTicket(c, '我要举报', '某餐馆使用过期食材', '2');
    expect(queryCode).toMatch(/^\d{6}$/);
    expect(reply).toContain('15个工作日');
    const row = await ticketRow(ticketNo);
    expect(row).toMatchObject({ anonymous: true, confidential: true, open_id_hash: null, name_enc: null, phone_enc: null });
    expect(row.query_code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(queryCode);
    expect(JSON.stringify(row)).not.toContain('oFileJubao01');

    expect(await c.say(`进度 ${ticketNo}`)).toContain('未找到');
    const wrongCode = queryCode === '000000' ? '111111' : '000000';
    expect(await c.say(`进度 ${ticketNo} ${wrongCode}`)).toContain('未找到');
    expect(await c.say(`进度 ${ticketNo} ${queryCode}`)).toContain('状态：已受理');
    expect(await c.say('我的工单')).toContain('还没有提交过诉求');
  });

  it('when a citizen leaves contact details then they are encrypted at rest, masked for operators and revealed only through an audited call', async () => {
    const c = citizen(t, 'oFileContact');
    expect(await (async () => {
      await c.say('我要投诉');
      await c.say('公交车不按站停靠');
      await c.say('完成');
      return c.say('王五 1381234567');
    })()).toContain('手机号');
    await c.say('王五，13812345678');
    const done = await c.say('1');
    const row = await ticketRow(/工单号：(\d{11})/.exec(done)![1]!);
    expect(row.name_enc).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain('13812345678');
    const a = admin(t);
    const listed = (await a.get(`/tickets?q=${row.ticket_no}`)).body.items[0];
    expect(listed.contact).toEqual({ name: '王*', phone: '138****5678' });
    expect((await a.post(`/tickets/${row.id}/reveal`, {})).status).toBe(400);
    expect((await a.post(`/tickets/${row.id}/reveal`, { reason: '回访核实' })).body).toMatchObject({ name: '王五', phone: '13812345678' });
    const audit = await t.db.query("SELECT action, resource_id, detail FROM audit_log WHERE resource = 'ticket' ORDER BY id");
    expect(audit.rows.find((r) => r.action === 'list' && r.detail.returned.includes(row.id))).toBeDefined();
    expect(audit.rows.filter((r) => r.action === 'reveal')).toEqual([
      { action: 'reveal', resource_id: String(row.id), detail: { reason: '回访核实', fields: ['name', 'phone', 'content'] } },
    ]);
  });

  it('when the confirmation or a photo is delivered again then no second ticket and no second media fetch happen', async () => {
    serveMedia(t, JPEG);
    const c = citizen(t, 'oFileDuplic1');
    await c.say('我要投诉');
    await c.say('路灯不亮');
    const photoMsg = nextMsgId();
    await c.image('media-dup', photoMsg);
    // A redelivery the core's de-duplication did not catch (its key expired or the store was down).
    await expireDelivery(`dlv:default:m:${c.openId}:${photoMsg}`);
    expect(await c.post(imageXml(c.openId, 'media-dup', photoMsg))).toContain('照片1张');
    expect(t.fake.callsTo('/cgi-bin/media/get')).toHaveLength(1);
    await c.say('完成');
    await c.say('1');
    const state = await t.kv.get(`session:default:${c.openId}`);
    const confirmMsg = nextMsgId();
    const first = await postWechat(t.app, textXml('1', { from: c.openId, msgId: confirmMsg }));
    const again = await postWechat(t.app, textXml('1', { from: c.openId, msgId: confirmMsg }));
    // The same reply (its CreateTime is the moment each answer is written).
    expect(readReply(again.body).Content).toBe(readReply(first.body).Content);
    await expireDelivery(`dlv:default:m:${c.openId}:${confirmMsg}`);
    await t.kv.set(`session:default:${c.openId}`, state!, 60_000);
    expect(await c.say('1', confirmMsg)).toContain('该诉求已提交');
    const { rows } = await t.db.query("SELECT count(*)::int AS n, min(id) AS id FROM tickets WHERE content = '路灯不亮'");
    expect(rows[0].n).toBe(1);
    const attached = await t.db.query('SELECT count(*)::int AS n FROM ticket_attachments WHERE ticket_id = $1', [rows[0].id]);
    expect(attached.rows[0].n).toBe(1);
    t.fake.reset();
  });

  it('when a photo is larger than 2 MB then it is refused with a note and the rest is kept', async () => {
    serveMedia(t, Buffer.alloc(2 * 1024 * 1024 + 1, 1));
    const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM ticket_attachments')).rows[0].n;
    const before = await count();
    const c = citizen(t, 'oFileTooBig1');
    await c.say('我要投诉');
    await c.say('井盖破损');
    expect(await c.image('media-huge')).toContain('超过2MB');
    expect(await c.say('完成')).toContain('联系方式');
    expect(await c.say('1')).toContain('内容：井盖破损');
    expect(await count()).toBe(before);
    t.fake.reset();
  });

  it('when the citizen replies 0 then the flow goes back a step, 退出 leaves, and 完成 without a description is refused', async () => {
    const c = citizen(t, 'oFileNavig01');
    await c.say('我要咨询');
    expect(await c.say('完成')).toContain('请先用文字或语音描述');
    await c.say('户口迁移要什么材料');
    await c.say('完成');
    expect(await c.say('0')).toContain('已返回');
    expect(await c.say('还想问一下办理时间')).toContain('文字2段');
    await c.say('完成');
    await c.say('1');
    expect(await c.say('0')).toContain('联系方式');
    expect(await c.say('退出')).toContain('已退出');
    const { rows } = await t.db.query("SELECT count(*)::int AS n FROM tickets WHERE content LIKE '户口迁移%'");
    expect(rows[0].n).toBe(0);
  });

  it('when the session expired and the citizen replies a digit then they are told politely how to restart', async () => {
    const c = citizen(t, 'oFileExpire1');
    await c.say('我要投诉');
    await c.say('噪音扰民');
    await c.say('完成');
    await t.kv.del(`session:default:${c.openId}`);
    expect(await c.say('1')).toContain('已超时');
  });

  it('when a menu key names an unknown category then the citizen is offered the categories', async () => {
    const c = citizen(t, 'oFileBadKey1');
    expect(await c.click('ticket:表扬')).toContain('请选择诉求类别');
  });
});
