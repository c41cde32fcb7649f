import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { massSendFinished, pushEvent } from '../helpers/reach.js';
import { BROWSER_TEST_TIMEOUT, foreignRequests, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';
import { adminCall, consoleOperator } from './operators.js';

const SENDALL = '/cgi-bin/message/mass/sendall';
const PREVIEW = '/cgi-bin/message/mass/preview';

describe('群发, followers and QR codes, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  let approver: { username: string; password: string };
  let duty: { username: string; password: string };
  let nextMsgId = 3147483000;
  // Building the console and seeding can outlast the default hook timeout on a busy machine.
  beforeAll(async () => {
    rig = await startConsole();
    approver = await consoleOperator(rig, '办公室李主任', 'lizhuren', ['admin']);
    duty = await consoleOperator(rig, '应急值班员', 'yingji', ['emergency']);
    rig.test.fake.respond((call) => (call.path === SENDALL ? { json: { errcode: 0, errmsg: 'send job submission success', msg_id: ++nextMsgId, msg_data_id: 2247483988 } } : undefined));
    let nextTag = 133;
    rig.test.fake.respond((call) =>
      call.path === '/cgi-bin/tags/create' ? { json: { tag: { id: ++nextTag, name: (call.body as { tag: { name: string } }).tag.name } } } : undefined,
    );
  }, BROWSER_TEST_TIMEOUT);
  afterAll(async () => {
    await rig?.close();
  });

  const sendallBodies = () => rig.test.fake.callsTo(SENDALL).map((c) => c.body as { filter: { is_to_all: boolean; tag_id?: number }; text: { content: string }; clientmsgid: string });

  it('when an admin composes a text to all followers, previews it and sends it then WeChat receives one sendall and its totals show', async () => {
    const { page, requests } = await openPage(rig);
    await signIn(page, rig.base);
    await page.getByRole('menuitem', { name: '群发' }).click();
    await page.waitForURL(`${rig.base}/console/broadcasts`);
    await page.locator('[data-test=broadcast-quota]').getByText('服务号本月可群发 4 次').waitFor();

    await page.locator('[data-test=broadcast-new]').click();
    const compose = page.locator('[data-test=broadcast-compose]');
    // The form says what is missing before anything is saved.
    await compose.locator('[data-test=broadcast-save]').click();
    await compose.getByText('请输入群发内容').waitFor();
    const text = '本周六上午政务服务中心延时服务，欢迎办理。';
    await page.getByLabel('群发内容').fill(text);
    await compose.locator('[data-test=broadcast-save]').click();
    const row = page.locator('[data-test=broadcast-table]').getByRole('row', { name: new RegExp(text) });
    await row.locator('[data-test=broadcast-status]').getByText('待发送').waitFor();
    await screenshot(page, 'broadcasts');

    await row.getByRole('button', { name: '预览' }).click();
    await page.getByLabel('预览接收人').fill('wang_kezhang');
    await page.locator('[data-test=broadcast-preview-send]').click();
    await page.getByText('预览已发送').waitFor();
    expect(rig.test.fake.callsTo(PREVIEW).map((c) => c.body)).toEqual([{ towxname: 'wang_kezhang', msgtype: 'text', text: { content: text } }]);

    await row.getByRole('button', { name: '发送' }).click();
    await page.getByRole('dialog', { name: '确认群发' }).getByRole('button', { name: '发送' }).click();
    await row.locator('[data-test=broadcast-status]').getByText('已提交微信').waitFor();
    expect(sendallBodies()).toEqual([{ filter: { is_to_all: true }, msgtype: 'text', text: { content: text }, clientmsgid: expect.any(String) }]);

    // WeChat's MASSSENDJOBFINISH push fills in the totals the table shows.
    await pushEvent(rig.test, 'MASSSENDJOBFINISH', 'oWechatSystem', massSendFinished(String(nextMsgId), { total: 120, filter: 118, sent: 116, errors: 2 }));
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: '刷新' }).click();
        return row.locator('[data-test=broadcast-status]').textContent();
      }, { timeout: 30_000 })
      .toContain('发送完成');
    await expect(row.locator('[data-test=broadcast-totals]').textContent()).resolves.toMatch(/120 \/ 118 \/ 116 \/ 2/);
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });

  it('when approval is on then the author cannot approve, a second admin approves and sends to the tag once', async () => {
    expect((await adminCall(rig, 'POST', '/tags', { name: '示例社区' })).status).toBe(201);
    const before = sendallBodies().length;
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/broadcasts`);
    // The admin turns approval on for the account.
    await page.locator('[data-test=broadcast-settings-open]').click();
    await page.locator('[data-test=broadcast-approval]').click();
    await expect(page.getByRole('switch', { name: '群发须经另一位管理员审核' }).isChecked()).resolves.toBe(true);
    await page.locator('[data-test=broadcast-settings-save]').click();
    await page.getByText('本账号群发须经管理员审核').waitFor();
    expect(((await adminCall(rig, 'GET', '/broadcasts/settings')).body as { approvalRequired: boolean }).approvalRequired).toBe(true);
    await page.locator('[data-test=broadcast-new]').click();
    await page.locator('[data-test=broadcast-compose]').getByText('按标签').click();
    await page.locator('[data-test=broadcast-tag]').click();
    await page.getByRole('option', { name: /示例社区/ }).click();
    const text = '示例社区本周三停水检修，请提前储水。';
    await page.getByLabel('群发内容').fill(text);
    await page.locator('[data-test=broadcast-save]').click();
    const row = page.locator('[data-test=broadcast-table]').getByRole('row', { name: new RegExp(text) });
    await row.locator('[data-test=broadcast-status]').getByText('待审核').waitFor();
    // The author sees no approval button, and no send button before approval.
    await expect(row.getByRole('button', { name: '审核通过' }).count()).resolves.toBe(0);
    await expect(row.getByRole('button', { name: '发送', exact: true }).count()).resolves.toBe(0);
    await page.context().close();

    const second = await openPage(rig);
    await signIn(second.page, rig.base, approver.username, approver.password);
    await second.page.goto(`${rig.base}/console/broadcasts`);
    const theirs = second.page.locator('[data-test=broadcast-table]').getByRole('row', { name: new RegExp(text) });
    await theirs.getByRole('button', { name: '审核通过' }).click();
    await theirs.locator('[data-test=broadcast-status]').getByText('待发送').waitFor();
    await theirs.getByText('审核：办公室李主任').waitFor();
    await theirs.getByRole('button', { name: '发送', exact: true }).click();
    await second.page.getByRole('dialog', { name: '确认群发' }).getByRole('button', { name: '发送' }).click();
    await theirs.locator('[data-test=broadcast-status]').getByText('已提交微信').waitFor();
    const sent = sendallBodies().slice(before);
    expect(sent).toEqual([expect.objectContaining({ filter: { is_to_all: false, tag_id: 134 }, text: { content: text } })]);
    await second.page.context().close();
    expect((await adminCall(rig, 'PUT', '/broadcasts/settings', { approvalRequired: false, accountType: 'service' })).status).toBe(200);
  });

  it('when an admin broadcasts a published news item then the sendall carries its title and a link to its page', async () => {
    const news = await adminCall(rig, 'POST', '/news', { title: '示例区医保政策调整', summary: '门诊报销比例提高。', body: '正文', category: '政策速递', status: 'published' });
    expect(news.status).toBe(201);
    const newsId = (news.body as { id: number }).id;
    const before = sendallBodies().length;
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/broadcasts`);
    await page.locator('[data-test=broadcast-new]').click();
    const compose = page.locator('[data-test=broadcast-compose]');
    await compose.getByText('资讯链接').click();
    await page.locator('[data-test=broadcast-news]').click();
    await page.getByRole('option', { name: '示例区医保政策调整（政策速递）' }).click();
    await compose.locator('[data-test=broadcast-save]').click();
    const row = page.locator('[data-test=broadcast-table]').getByRole('row', { name: new RegExp(`资讯 #${newsId}`) });
    await row.getByRole('button', { name: '发送', exact: true }).click();
    await page.getByRole('dialog', { name: '确认群发' }).getByRole('button', { name: '发送' }).click();
    await row.locator('[data-test=broadcast-status]').getByText('已提交微信').waitFor();
    const sent = sendallBodies().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text.content).toContain('示例区医保政策调整');
    expect(sent[0]!.text.content).toContain(`/h5/news/${newsId}`);
    await page.context().close();
  });

  it('when an admin schedules a broadcast then it waits as 定时发送 with its time and nothing is sent yet', async () => {
    const before = sendallBodies().length;
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/broadcasts`);
    await page.locator('[data-test=broadcast-new]').click();
    const compose = page.locator('[data-test=broadcast-compose]');
    const text = '元旦假期政务服务中心开放时间调整。';
    await page.getByLabel('群发内容').fill(text);
    await page.locator('[data-test=broadcast-schedule]').click();
    const when = page.getByPlaceholder('发送时间');
    await when.fill('2036-12-31 09:30');
    await when.press('Enter');
    await compose.locator('[data-test=broadcast-save]').click();
    const row = page.locator('[data-test=broadcast-table]').getByRole('row', { name: new RegExp(text) });
    await row.locator('[data-test=broadcast-status]').getByText('定时发送').waitFor();
    await row.getByText('2036-12-31 09:30').waitFor();
    const listed = (await adminCall(rig, 'GET', '/broadcasts')).body as { items: Array<{ message: { content?: string }; status: string; sendAt: string }> };
    expect(listed.items.find((b) => b.message.content === text)).toMatchObject({ status: 'scheduled', sendAt: '2036-12-31T01:30:00.000Z' });
    expect(sendallBodies().length).toBe(before);
    await page.context().close();
  });

  it('when an emergency operator fills the warning and confirms then the warning goes out in two steps and both are audited', async () => {
    const before = sendallBodies().length;
    const { page } = await openPage(rig);
    await signIn(page, rig.base, duty.username, duty.password);
    // Emergency operators' menu: the dashboard, 应急 tickets and 群发 for the warning, nothing else.
    await expect(page.getByRole('menuitem').allTextContents()).resolves.toEqual(['工作台', '诉求工单', '群发']);
    await page.getByRole('menuitem', { name: '群发' }).click();
    await page.waitForURL(`${rig.base}/console/broadcasts`);
    // Emergency operators see only the warning, not the ordinary 群发 list.
    await expect(page.getByRole('tab', { name: '群发记录' }).count()).resolves.toBe(0);
    await page.getByLabel('预警标题').fill('台风“海葵”橙色预警');
    await page.getByRole('radio', { name: '橙色' }).check({ force: true });
    await page.getByLabel('影响区域').fill('全区沿海街道');
    await page.getByLabel('防御指引').fill('请减少外出，远离海边、广告牌和临时搭建物。');
    await page.locator('[data-test=emergency-compose]').click();
    const textBox = page.locator('[data-test=emergency-text]');
    await textBox.getByText(/台风“海葵”橙色预警/).waitFor();
    await screenshot(page, 'broadcast-emergency');
    expect(sendallBodies().length).toBe(before);

    await page.locator('[data-test=emergency-send]').click();
    await page.locator('[data-test=emergency-sent]').waitFor();
    const sent = sendallBodies().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.filter).toEqual({ is_to_all: true });
    expect(sent[0]!.text.content).toContain('台风“海葵”橙色预警');
    expect(sent[0]!.text.content).toContain('全区沿海街道');
    const audit = await rig.test.db.query("SELECT action, actor FROM audit_log WHERE resource = 'emergency-broadcast' ORDER BY id");
    expect(audit.rows).toEqual([
      { action: 'compose', actor: '应急值班员' },
      { action: 'send', actor: '应急值班员' },
    ]);
    await page.context().close();
  });

  it('when an admin imports followers, makes a tag and tags one follower then the list shows them masked and the tag filter finds that one', async () => {
    await pushEvent(rig.test, 'subscribe', 'oReachFan0001');
    await pushEvent(rig.test, 'subscribe', 'oReachFan0002');
    rig.test.fake.respond((call) => (call.path === '/cgi-bin/tags/get' ? { json: { tags: [{ id: 2, name: '星标组', count: 0 }, { id: 150, name: '老年人', count: 2 }] } } : undefined));
    rig.test.fake.respond((call) => {
      if (call.path !== '/cgi-bin/user/get') return undefined;
      if (!call.query.next_openid) return { json: { total: 3, count: 3, data: { openid: ['oReachFan0001', 'oReachFan0002', 'oReachFan0003'] }, next_openid: 'oReachFan0003' } };
      return { json: { total: 3, count: 0, data: {}, next_openid: '' } };
    });
    const { page, requests } = await openPage(rig);
    await signIn(page, rig.base);
    await page.getByRole('menuitem', { name: '关注者' }).click();
    await page.waitForURL(`${rig.base}/console/followers`);
    await page.locator('[data-test=follower-sync-status]').getByText('从未同步').waitFor();
    await page.locator('[data-test=follower-sync-start]').click();
    await page.locator('[data-test=follower-sync-status]').getByText('已完成').waitFor();
    await page.locator('[data-test=follower-sync]').getByText('已导入 3 / 3 人').waitFor();
    // The tag made on WeChat itself came along with the import.
    await page.locator('[data-test=tag-table]').getByRole('row', { name: /老年人/ }).waitFor();

    const table = page.locator('[data-test=follower-table]');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBe(3);
    const listed = await table.textContent();
    expect(listed).toContain('oRe***001');
    expect(listed).not.toContain('oReachFan0001');

    await page.locator('[data-test=tag-new]').click();
    await page.getByLabel('标签名').fill('独居老人');
    await page.locator('[data-test=tag-save]').click();
    const tagRow = page.locator('[data-test=tag-table]').getByRole('row', { name: /独居老人/ });
    await tagRow.waitFor();
    expect(rig.test.fake.callsTo('/cgi-bin/tags/create').at(-1)!.body).toEqual({ tag: { name: '独居老人' } });
    await tagRow.getByRole('button', { name: '成员' }).click();
    await page.getByLabel('关注者 openId').fill('oReachFan0002');
    await page.locator('[data-test=tag-members-save]').click();
    await tagRow.getByRole('cell', { name: '1', exact: true }).waitFor();
    const tagged = rig.test.fake.callsTo('/cgi-bin/tags/members/batchtagging').at(-1)!.body as { openid_list: string[]; tagid: number };
    expect(tagged.openid_list).toEqual(['oReachFan0002']);

    await page.locator('[data-test=follower-tag-filter]').click();
    await page.getByRole('option', { name: '独居老人' }).click();
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => table.locator('tbody tr').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining('oRe***002')]);
    await expect(page.locator('[data-test=follower-stats]').textContent()).resolves.toMatch(/新关注 [1-9]/);
    await screenshot(page, 'followers');
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });

  it('when an admin creates a QR code for a hall window then a follow through it is counted and the code links to its image', async () => {
    let n = 0;
    rig.test.fake.respond((call) =>
      call.path === '/cgi-bin/qrcode/create' ? { json: { ticket: `gQH47joAAAAAAAAAASxodHRwOi8v${++n}==`, url: `http://weixin.qq.com/q/kZgfwMTm72WW${n}` } } : undefined,
    );
    const { page, requests } = await openPage(rig);
    await signIn(page, rig.base);
    await page.getByRole('menuitem', { name: '带参二维码' }).click();
    await page.waitForURL(`${rig.base}/console/qrcodes`);
    await page.locator('[data-test=qrcode-new]').click();
    await page.getByLabel('场景值').fill('hall window 3');
    await page.locator('[data-test=qrcode-save]').click();
    await page.locator('[data-test=qrcode-form]').getByText('场景值为 1–64 位字母').waitFor();
    await page.getByLabel('场景值').fill('hall-window-3');
    await page.getByLabel('扫码动作').fill('keyword:大厅预约');
    await page.locator('[data-test=qrcode-save]').click();
    const row = page.locator('[data-test=qrcode-table]').getByRole('row', { name: /hall-window-3/ });
    await row.waitFor();
    expect(rig.test.fake.callsTo('/cgi-bin/qrcode/create').map((c) => c.body)).toEqual([
      { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: 'hall-window-3' } } },
    ]);
    await expect(row.locator('[data-test=qrcode-image]').getAttribute('href')).resolves.toBe(
      `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent('gQH47joAAAAAAAAAASxodHRwOi8v1==')}`,
    );

    await pushEvent(rig.test, 'subscribe', 'oReachQrFan01', { EventKey: 'qrscene_hall-window-3', Ticket: 'gQH47joAAAAAAAAAASxodHRwOi8v1==' });
    // The follow is recorded after the reply is sent: reload until the counts show it.
    await expect
      .poll(
        async () => {
          await page.reload();
          await row.waitFor();
          return (await row.getByRole('cell').allTextContents()).map((c) => c.trim());
        },
        { timeout: 30_000 },
      )
      .toEqual(expect.arrayContaining(['hall-window-3', '永久', 'keyword:大厅预约', '1', '1']));
    await screenshot(page, 'qrcodes');
    // The QR picture is only linked: the console itself loads nothing from WeChat.
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });
});
