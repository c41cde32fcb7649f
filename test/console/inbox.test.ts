import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWechat, textXml } from '../helpers/wechat.js';
import { BROWSER_TEST_TIMEOUT, foreignRequests, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';

describe('the inbox, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsole();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('when a citizen writes something nothing answers then it waits in the inbox, and the operator’s reply reaches WeChat', async () => {
    const sent = await postWechat(rig.test.app, textXml('我家窗外那棵老槐树是谁种的', { from: 'oInboxCitizen0001' }));
    expect(sent.statusCode).toBe(200);

    const { page, requests } = await openPage(rig);
    await signIn(page, rig.base);
    await page.getByRole('menuitem', { name: '消息' }).click();
    await page.waitForURL(`${rig.base}/console/inbox`);
    const table = page.locator('[data-test=inbox-table]');
    // The log is written in batches off the reply path: reload until the message shows.
    const row = table.getByRole('row', { name: /老槐树是谁种的/ });
    for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
      await page.waitForTimeout(300);
      await page.getByRole('button', { name: '查询' }).click();
    }
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('需处理');
    await expect(row.textContent()).not.toContain('oInboxCitizen0001');
    await screenshot(page, 'inbox');

    await row.getByRole('button', { name: '查看' }).click();
    const thread = page.locator('[data-test=thread]');
    await thread.getByText('老槐树是谁种的').waitFor();
    await page.getByLabel('回复内容').fill('您好，这棵树由街道绿化办管理，已转交他们答复。');
    await screenshot(page, 'inbox-thread');
    await page.locator('[data-test=inbox-reply-send]').click();
    await thread.getByText('您好，这棵树由街道绿化办管理，已转交他们答复。').waitFor();

    const calls = await rig.test.fake.waitFor('/cgi-bin/message/custom/send', 1);
    const answer = { touser: 'oInboxCitizen0001', msgtype: 'text', text: { content: '您好，这棵树由街道绿化办管理，已转交他们答复。' } };
    expect(calls.map((c) => c.body)).toContainEqual(expect.objectContaining(answer));
    await thread.getByText(/已回复/).first().waitFor();
    expect(foreignRequests(requests, rig.base)).toEqual([]);
    await page.context().close();
  });

  it('when an operator dismisses a message then it leaves the needing-attention list without a reply to the citizen', async () => {
    await postWechat(rig.test.app, textXml('楼下那只橘猫是谁家的', { from: 'oInboxCitizen0002' }));
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/inbox`);
    const row = page.locator('[data-test=inbox-table]').getByRole('row', { name: /橘猫是谁家的/ });
    for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
      await page.waitForTimeout(300);
      await page.getByRole('button', { name: '查询' }).click();
    }
    await row.getByRole('button', { name: '查看' }).click();
    const sendsBefore = rig.test.fake.callsTo('/cgi-bin/message/custom/send').length;
    await page.locator('[data-test=thread]').getByRole('button', { name: '忽略' }).click();
    await page.locator('[data-test=thread]').getByText(/已忽略/).waitFor();
    await page.keyboard.press('Escape');
    await row.waitFor({ state: 'detached' });
    expect(rig.test.fake.callsTo('/cgi-bin/message/custom/send').length).toBe(sendsBefore);
    await page.context().close();
  });

  it('when the citizen wrote more than 48 hours ago then the reply box is disabled and says why', async () => {
    await postWechat(rig.test.app, textXml('上周问的事有结果了吗', { from: 'oInboxCitizen0003' }));
    // The window is a key that expires 48 hours after the citizen's last message: removing it is that time passing.
    await rig.test.kv.del('window:default:oInboxCitizen0003');
    const { page } = await openPage(rig);
    await signIn(page, rig.base);
    await page.goto(`${rig.base}/console/inbox`);
    const row = page.locator('[data-test=inbox-table]').getByRole('row', { name: /上周问的事/ });
    for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
      await page.waitForTimeout(300);
      await page.getByRole('button', { name: '查询' }).click();
    }
    await row.getByRole('button', { name: '查看' }).click();
    const reason = page.locator('[data-test=window-closed]');
    await reason.waitFor();
    await expect(reason.textContent()).resolves.toMatch(/48/);
    await expect(page.getByLabel('回复内容').isDisabled()).resolves.toBe(true);
    await expect(page.locator('[data-test=inbox-reply-send]').isDisabled()).resolves.toBe(true);
    await screenshot(page, 'inbox-window-closed');
    await page.context().close();
  });
});
