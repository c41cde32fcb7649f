import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { api, eventually, massSendFinished, operator, pushEvent } from '../../helpers/reach.js';

const SENDALL = '/cgi-bin/message/mass/sendall';
const PREVIEW = '/cgi-bin/message/mass/preview';

describe('broadcast to a tag: preview, approval by a second admin, one send, WeChat totals', () => {
  let t: TestApp;
  let author: string;
  let approver: string;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp();
    author = await operator(t, '宣传科王科长', ['admin']);
    approver = await operator(t, '办公室李主任', ['admin']);
    editor = await operator(t, '内容编辑', ['editor']);
    t.fake.respond((call) => (call.path === '/cgi-bin/tags/create' ? { json: { tag: { id: 134, name: (call.body as { tag: { name: string } }).tag.name } } } : undefined));
    t.fake.respond((call) => (call.path === SENDALL ? { json: { errcode: 0, errmsg: 'send job submission success', msg_id: 3147483988, msg_data_id: 2247483988 } } : undefined));
  });
  afterAll(async () => t.close());

  it('when approval is on then a tag broadcast is previewed, approved by another admin, sent once despite a repeated send, and MASSSENDJOBFINISH fills its totals', async () => {
    expect((await api(t, 'PUT', '/broadcasts/settings', { approvalRequired: true, accountType: 'service' })).statusCode).toBe(200);
    const tag = await api(t, 'POST', '/tags', { name: '示例社区' }, author);
    expect(tag.statusCode, tag.body).toBe(201);
    const tagId = (tag.json() as { id: number }).id;
    expect(t.fake.callsTo('/cgi-bin/tags/create').at(-1)!.body).toEqual({ tag: { name: '示例社区' } });

    const created = await api(t, 'POST', '/broadcasts', { audience: { tagId }, message: { type: 'text', content: '本周六上午政务服务中心延时服务。' } }, author);
    expect(created.statusCode, created.body).toBe(201);
    const b = created.json() as { id: number; status: string; clientMsgId: string };
    expect(b.status).toBe('pending_approval');

    const preview = await api(t, 'POST', `/broadcasts/${b.id}/preview`, { towxname: 'wang_kezhang' }, author);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(t.fake.callsTo(PREVIEW).map((c) => c.body)).toEqual([{ towxname: 'wang_kezhang', msgtype: 'text', text: { content: '本周六上午政务服务中心延时服务。' } }]);

    const early = await api(t, 'POST', `/broadcasts/${b.id}/send`, undefined, author);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('APPROVAL_REQUIRED');
    const own = await api(t, 'POST', `/broadcasts/${b.id}/approve`, undefined, author);
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toContain('不能审核自己创建的群发');
    expect((await api(t, 'POST', `/broadcasts/${b.id}/approve`, undefined, editor)).statusCode).toBe(403);
    expect(t.fake.callsTo(SENDALL)).toHaveLength(0);

    const approved = await api(t, 'POST', `/broadcasts/${b.id}/approve`, undefined, approver);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'ready', approvedBy: '办公室李主任' });

    const sends = await Promise.all([1, 2, 3].map(() => api(t, 'POST', `/broadcasts/${b.id}/send`, undefined, author)));
    expect(sends.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const again = await api(t, 'POST', `/broadcasts/${b.id}/send`, undefined, approver);
    expect(again.statusCode).toBe(200);
    const calls = t.fake.callsTo(SENDALL);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      filter: { is_to_all: false, tag_id: 134 },
      msgtype: 'text',
      text: { content: '本周六上午政务服务中心延时服务。' },
      clientmsgid: b.clientMsgId,
    });
    expect(b.clientMsgId.length).toBeLessThanOrEqual(32);
    const sent = (await api(t, 'GET', `/broadcasts/${b.id}`)).json();
    expect(sent).toMatchObject({ status: 'sent', msgId: '3147483988', totalCount: null });

    await pushEvent(t, 'MASSSENDJOBFINISH', 'oWechatSystem', massSendFinished('3147483988', { total: 120, filter: 118, sent: 116, errors: 2 }));
    const finished = await eventually(
      async () => (await api(t, 'GET', `/broadcasts/${b.id}`)).json(),
      (v) => v.status === 'finished',
    );
    expect(finished).toMatchObject({ status: 'finished', wechatStatus: 'send success', totalCount: 120, filterCount: 118, sentCount: 116, errorCount: 2 });
    const listed = (await api(t, 'GET', '/broadcasts')).json() as { items: Array<{ id: number; sentCount: number }>; quota: { used: number; limit: number } };
    expect(listed.items.find((i) => i.id === b.id)!.sentCount).toBe(116);
    // A 服务号's monthly 4 count sends to all followers; this one went to a tag.
    expect(listed.quota).toMatchObject({ used: 0, limit: 4, period: 'month' });

    const audit = await t.db.query("SELECT action, actor FROM audit_log WHERE resource = 'broadcast' AND resource_id = $1 ORDER BY id", [String(b.id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['create', 'preview', 'approve', 'send']));
  });

  it('when WeChat answers 45065 for a clientmsgid already used then the earlier msg_id is recorded and nothing else is sent', async () => {
    await api(t, 'PUT', '/broadcasts/settings', { approvalRequired: false, accountType: 'service' });
    t.fake.respond((call) => (call.path === SENDALL ? { json: { errcode: 45065, errmsg: 'clientmsgid exist', msg_id: 3147494441 } } : undefined));
    const b = (await api(t, 'POST', '/broadcasts', { audience: { all: true }, message: { type: 'text', content: '通知' } })).json() as { id: number; status: string };
    expect(b.status).toBe('ready');
    const res = await api(t, 'POST', `/broadcasts/${b.id}/send`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'sent', msgId: '3147494441' });
    expect((t.fake.callsTo(SENDALL).at(-1)!.body as { filter: unknown }).filter).toEqual({ is_to_all: true });
    // No MASSSENDJOBFINISH yet: WeChat is asked for the job's status.
    t.fake.respond((call) => (call.path === '/cgi-bin/message/mass/get' ? { json: { msg_id: 3147494441, msg_status: 'SEND_SUCCESS' } } : undefined));
    const checked = await api(t, 'POST', `/broadcasts/${b.id}/status-check`);
    expect(checked.json()).toMatchObject({ wechatStatus: 'SEND_SUCCESS', totalCount: null });
    expect(t.fake.callsTo('/cgi-bin/message/mass/get').at(-1)!.body).toEqual({ msg_id: '3147494441' });
  });

  it('when WeChat fails a send then the broadcast shows the error, and sending again tries once more with the same clientmsgid', async () => {
    let down = true;
    t.fake.respond((call) => (call.path === SENDALL ? { json: down ? { errcode: 40007, errmsg: 'invalid media_id' } : { errcode: 0, msg_id: 1000000999 } } : undefined));
    const b = (await api(t, 'POST', '/broadcasts', { audience: { all: true }, message: { type: 'image', mediaId: 'MEDIA_GONE' } })).json() as { id: number; clientMsgId: string };
    const failed = await api(t, 'POST', `/broadcasts/${b.id}/send`);
    expect(failed.statusCode).toBe(502);
    expect((await api(t, 'GET', `/broadcasts/${b.id}`)).json()).toMatchObject({ status: 'failed', error: expect.stringContaining('40007') });
    down = false;
    const retried = await api(t, 'POST', `/broadcasts/${b.id}/send`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().status).toBe('sent');
    const mine = t.fake.callsTo(SENDALL).filter((c) => (c.body as { clientmsgid: string }).clientmsgid === b.clientMsgId);
    expect(mine).toHaveLength(2);
  });

  it('when the monthly quota is used up then a send is refused with the reason and WeChat is not called', async () => {
    await t.db.query("UPDATE broadcasts SET status = 'sent', sent_at = now() WHERE account_id = 'default'");
    const used = (await api(t, 'GET', '/broadcasts/quota')).json() as { used: number };
    for (let i = used.used; i < 4; i++) {
      await t.db.query(
        "INSERT INTO broadcasts (account_id, to_all, message, status, author, client_msg_id, sent_at) VALUES ('default', true, '{\"type\":\"text\",\"content\":\"x\"}', 'sent', 'admin', $1, now())",
        [`filler-${i}`],
      );
    }
    const before = t.fake.callsTo(SENDALL).length;
    const b = (await api(t, 'POST', '/broadcasts', { audience: { all: true }, message: { type: 'text', content: '第五次' } })).json() as { id: number };
    const res = await api(t, 'POST', `/broadcasts/${b.id}/send`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(res.json().error.message).toContain('服务号每月可向全部关注者群发 4 次');
    expect(t.fake.callsTo(SENDALL)).toHaveLength(before);
    // To one tag it still goes: WeChat filters the followers who had their 4 this month.
    t.fake.respond((call) => (call.path === SENDALL ? { json: { errcode: 0, msg_id: 1000001234 } } : undefined));
    const tag = (await api(t, 'GET', '/tags')).json().items[0] as { id: number };
    const toTag = (await api(t, 'POST', '/broadcasts', { audience: { tagId: tag.id }, message: { type: 'text', content: '社区通知' } })).json() as { id: number };
    const tagged = await api(t, 'POST', `/broadcasts/${toTag.id}/send`);
    expect(tagged.statusCode, tagged.body).toBe(200);
    expect(t.fake.callsTo(SENDALL)).toHaveLength(before + 1);
    expect((await api(t, 'GET', '/broadcasts/quota')).json()).toMatchObject({ accountType: 'service', limit: 4, used: 4, remaining: 0 });
  });

  it('when a broadcast names a tag that does not exist then the 400 names audience.tagId', async () => {
    const res = await api(t, 'POST', '/broadcasts', { audience: { tagId: 999999 }, message: { type: 'text', content: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('audience.tagId');
  });
  it('when a published news item is broadcast then sendall carries a text linking to its H5 page; a draft is refused naming message.newsId', async () => {
    await api(t, 'PUT', '/broadcasts/settings', { approvalRequired: false, accountType: 'service' });
    const news = await api(t, 'POST', '/news', { title: '示例区医保政策调整', summary: '门诊报销比例提高。', body: '正文', category: '政策速递', status: 'published' });
    expect(news.statusCode, news.body).toBe(201);
    const id = (news.json() as { id: number }).id;
    const b = (await api(t, 'POST', '/broadcasts', { audience: { all: true }, message: { type: 'news', newsId: id } })).json() as { id: number };
    const preview = await api(t, 'POST', `/broadcasts/${b.id}/preview`, { touser: 'oOperatorSelf01' });
    expect(preview.statusCode, preview.body).toBe(200);
    const body = t.fake.callsTo(PREVIEW).at(-1)!.body as { touser: string; msgtype: string; text: { content: string } };
    expect(body.touser).toBe('oOperatorSelf01');
    expect(body.msgtype).toBe('text');
    expect(body.text.content).toContain('【示例区医保政策调整】');
    expect(body.text.content).toContain(`/h5/news/${id}">`);

    const draft = (await api(t, 'POST', '/news', { title: '草稿', summary: '', body: '正文', category: '政策速递', status: 'draft' })).json() as { id: number };
    const refused = await api(t, 'POST', '/broadcasts', { audience: { all: true }, message: { type: 'news', newsId: draft.id } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('message.newsId');
  });
});
