import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { nextMsgId, textXml } from '../../helpers/wechat.js';
import { admin, citizen } from '../tickets/helpers.js';

describe('participation: tip collections (线索征集)', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
  });
  afterAll(async () => t.close());

  it('when a citizen sends a tip with text, a photo, a location and contact then operators see it masked, review it and turn it into a ticket once', async () => {
    const created = await a.post('/tip-collections', { title: '身边好人推荐', prompt: '请推荐您身边的好人好事', contact: true });
    expect(created.status).toBe(201);
    const { id, action } = created.body as { id: number; action: string };
    expect(action).toBe(`tips:${id}`);

    const c = citizen(t, 'oTipster0001');
    expect(await c.click(action)).toContain('请推荐您身边的好人好事');
    expect(await c.say('幸福社区的李阿姨每天义务打扫楼道十年')).toContain('已记录');
    expect(await c.image('media-tip-1')).toContain('第1张照片');
    expect(await c.location(23.1, 113.3, '幸福社区3栋')).toContain('幸福社区3栋');
    expect(await c.say('完成')).toContain('联系方式');
    expect(await c.say('王小明 13700001111')).toMatch(/线索已收到（编号\d+）/);

    const listed = await a.get(`/tip-collections/${id}/tips`);
    expect(listed.status).toBe(200);
    const [tip] = listed.body.items as Array<{ id: number; content: string; contactMasked: string; status: string; photos: unknown[]; location: { label: string } }>;
    expect(tip).toMatchObject({ content: '幸福社区的李阿姨每天义务打扫楼道十年', status: 'new', location: { label: '幸福社区3栋' } });
    expect(tip!.photos).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toMatch(/13700001111|王小明|oTipster0001/);
    expect((await a.get('/tip-collections')).body.items[0]).toMatchObject({ id, tips: 1, unreviewed: 1 });

    expect((await a.post(`/tip-collections/${id}/tips/${tip!.id}/review`, { status: 'accepted', note: '已核实' })).status).toBe(200);
    const filed = await a.post(`/tip-collections/${id}/tips/${tip!.id}/ticket`, { category: '建议' });
    expect(filed.status).toBe(201);
    const again = await a.post(`/tip-collections/${id}/tips/${tip!.id}/ticket`, { category: '建议' });
    expect(again.body).toMatchObject({ ticketId: filed.body.ticketId, created: false });
    const ticket = await a.get(`/tickets/${filed.body.ticketId}`);
    expect(ticket.body).toMatchObject({ category: '建议', contact: { phone: '137****1111' } });
    expect(ticket.body.content).toContain('李阿姨');
    // The tipster follows the ticket like any other citizen.
    expect(await c.say(`进度 ${filed.body.ticketNo}`)).toContain('诉求已受理');
    expect((await a.get(`/tip-collections/${id}/tips?status=ticket`)).body.items).toHaveLength(1);
  });

  it('when the same 完成 is delivered twice then one tip is stored', async () => {
    const { id, action } = (await a.post('/tip-collections', { title: '占道经营线索', prompt: '发现占道经营请告诉我们', contact: false })).body as { id: number; action: string };
    const c = citizen(t, 'oTipster0002');
    await c.click(action);
    await c.say('菜市场东门有流动摊贩占道');
    const done = textXml('完成', { from: c.openId, msgId: nextMsgId() });
    const [first, second] = await Promise.all([c.post(done), c.post(done)]);
    expect(first || second).toContain('线索已收到');
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tips WHERE collection_id = $1', [id]);
    expect(rows[0]!.n).toBe(1);
  });

  it('when a collection is created without a prompt then 400 names the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/tip-collections', headers: adminHeaders, payload: { title: '无说明' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('prompt');
  });

  it('when a citizen fills the tip form opened from chat then one tip is stored, even if the form is sent twice, and a forged link is refused', async () => {
    const { id, action } = (await a.post('/tip-collections', { title: '文明养犬线索', prompt: '发现不文明养犬行为请告诉我们', contact: true })).body as { id: number; action: string };
    const c = citizen(t, 'oTipForm0001');
    const intro = await c.click(action);
    const url = new URL(/也可在网页填写：(\S+)/.exec(intro)![1]!);
    const page = await t.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="content"');
    const submit = (token: string) => t.app.inject({
      method: 'POST', url: `/h5/tips/${id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ t: token, content: '幸福路公园有人遛狗不牵绳', place: '幸福路公园东门', name: '陈晓', phone: '13600002222' }).toString(),
    });
    const token = url.searchParams.get('t')!;
    expect((await submit(`${token.slice(0, -2)}00`)).statusCode).toBe(403);
    expect((await submit(token)).body).toContain('线索已收到');
    expect((await submit(token)).body).toContain('线索已收到');
    const tips = (await a.get(`/tip-collections/${id}/tips`)).body.items as Array<{ content: string; contactMasked: string }>;
    expect(tips).toHaveLength(1);
    expect(tips[0]).toMatchObject({ content: '幸福路公园有人遛狗不牵绳\n地点：幸福路公园东门', contactMasked: '陈* 136****2222' });
  });
});
