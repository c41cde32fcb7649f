import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { postWechat, readReply } from '../../helpers/wechat.js';
import { admin, createKeyword, createMenu, menuText, say, tap } from './helpers.js';

const MAIN_LABELS = ['热线电话', '办事指南', '其他服务'];
const GUIDE_LABELS = ['社保卡', '更多事项'];
const main = () => menuText('测试区政务服务', MAIN_LABELS);
const guides = () => menuText('办事指南 · 请选择', GUIDE_LABELS);

const mainMenu = {
  code: 'main',
  title: '测试区政务服务',
  items: [
    { label: '热线电话', action: 'keyword:测试热线' },
    {
      label: '办事指南',
      code: 'guides',
      title: '办事指南 · 请选择',
      items: [
        { label: '社保卡', action: 'keyword:测试社保' },
        { label: '更多事项', items: [{ label: '深层事项', action: 'keyword:测试热线' }] },
      ],
    },
    { label: '其他服务', action: 'menu:other' },
  ],
};

describe('numbered menus (回复数字) through the webhook', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await createKeyword(t, '测试热线', '热线：12345');
    await createKeyword(t, '测试社保', '社保卡请带身份证办理。');
    await createMenu(t, { code: 'other', title: '其他服务', items: [{ label: '再听一次热线', action: 'keyword:测试热线' }] });
    await createMenu(t, mainMenu);
  });
  afterAll(async () => t.close());

  it('when a citizen sends 菜单, 帮助, ?, ？ or 0 then the main menu is shown as numbered lines with the instruction line', async () => {
    for (const [i, word] of ['菜单', '帮助', '?', '？', '0', ' 菜单。'].entries()) {
      expect(await say(t, `oTrigger${i}`, word), word).toBe(main());
    }
    const voice = `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oVoiceMenu]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[菜单。]]></Recognition><MsgId>8000000000000000777</MsgId></xml>`;
    expect(readReply((await postWechat(t.app, voice)).body).Content).toBe(main());
  });

  it('when digits are sent then they open sub-menus, and 0 goes back one level at a time until the citizen leaves politely', async () => {
    const who = 'oNavigate';
    await say(t, who, '菜单');
    expect(await say(t, who, '2')).toBe(guides());
    expect(await say(t, who, '2')).toBe(menuText('更多事项', ['深层事项']));
    expect(await say(t, who, '0')).toBe(guides());
    expect(await say(t, who, '0')).toBe(main());
    const left = await say(t, who, '0');
    expect(left).toContain('已退出菜单');
    expect(left).toContain('回复“菜单”');
    expect(await t.kv.get(`session:default:${who}`)).toBeNull();
    // Having left on purpose, a digit is not explained as a timed-out menu.
    expect(await say(t, who, '2')).not.toContain('超过');
  });

  it('when a citizen sends 退出 inside a menu then they leave politely and the state is gone', async () => {
    const who = 'oLeave';
    await say(t, who, '菜单');
    await say(t, who, '2');
    expect(await t.kv.get(`session:default:${who}`)).not.toBeNull();
    expect(await say(t, who, '退出')).toContain('已退出菜单');
    expect(await t.kv.get(`session:default:${who}`)).toBeNull();
  });

  it('when a digit has no choice then the same menu is shown again with the reason', async () => {
    const who = 'oInvalid';
    await say(t, who, '菜单');
    expect(await say(t, who, '7')).toBe(menuText('测试区政务服务', MAIN_LABELS, '您回复的“7”没有对应的选项，请回复1到3之间的数字。'));
    expect(await say(t, who, '12')).toContain('您回复的“12”没有对应的选项');
    // Still in the menu: the next valid digit works.
    expect(await say(t, who, '2')).toBe(guides());
  });

  it('when full-width or Chinese digits are sent then they select like 1–9', async () => {
    await say(t, 'oWide', '菜单');
    expect(await say(t, 'oWide', '２')).toBe(guides());
    await say(t, 'oChinese', '菜单');
    expect(await say(t, 'oChinese', '二')).toBe(guides());
  });

  it('when a choice holds an action then it runs through ctx.perform and the menu stays open for the next digit', async () => {
    const who = 'oAction';
    await say(t, who, '菜单');
    expect(await say(t, who, '1')).toBe('热线：12345');
    expect(await say(t, who, '2')).toBe(guides());
    expect(await say(t, who, '1')).toBe('社保卡请带身份证办理。');
  });

  it('when other text is sent inside a menu then it is answered normally, not swallowed by the menu', async () => {
    const who = 'oFreeText';
    await say(t, who, '菜单');
    expect(await say(t, who, '测试社保')).toBe('社保卡请带身份证办理。');
    expect(await say(t, who, '2')).toBe(guides());
  });

  it('when a choice opens another menu (menu:<code>) then 0 returns to where the citizen came from', async () => {
    const who = 'oJump';
    await say(t, who, '菜单');
    expect(await say(t, who, '3')).toBe(menuText('其他服务', ['再听一次热线']));
    expect(await say(t, who, '0')).toBe(main());
  });

  it('when the menu state expired and a digit is sent then the citizen is told politely to reply 菜单, once', async () => {
    const who = 'oExpired';
    await say(t, who, '菜单');
    await say(t, who, '2');
    await t.kv.del(`session:default:${who}`);
    const reply = await say(t, who, '1');
    expect(reply).toContain('菜单已超过15分钟没有操作');
    expect(reply).toContain('请回复“菜单”重新开始');
    expect(await say(t, who, '1')).not.toContain('超过15分钟');
  });

  it('when the menu expired and 0 is sent then the main menu is shown with a note', async () => {
    const who = 'oExpiredZero';
    await say(t, who, '菜单');
    await t.kv.del(`session:default:${who}`);
    expect(await say(t, who, '0')).toBe(menuText('测试区政务服务', MAIN_LABELS, '您好，刚才的菜单已超过15分钟没有操作，已为您回到主菜单。'));
  });

  it('when a digit is sent by someone who never opened a menu then the menu does not answer it', async () => {
    expect(await say(t, 'oStranger', '1')).not.toContain('菜单');
  });

  it('when a menu:<code> key is tapped then that node opens, and 0 goes to its parent; an unknown code is answered politely', async () => {
    const who = 'oClick';
    expect(await tap(t, who, 'menu:guides')).toBe(guides());
    expect(await say(t, who, '1')).toBe('社保卡请带身份证办理。');
    expect(await say(t, who, '0')).toBe(main());
    expect(await tap(t, who, 'menu:other')).toBe(menuText('其他服务', ['再听一次热线']));
    expect(await tap(t, who, 'menu:nope')).toContain('该菜单暂未开放');
  });

  it('when an operator edits the menu on one instance then citizens served by another instance see the new menu', async () => {
    const second = await createTestApp({ shareWith: t });
    try {
      expect(await say(second, 'oSecond', '菜单')).toBe(main());
      await admin(t, 'PUT', '/numbered-menus/main', { ...mainMenu, title: '测试区政务服务（新）' });
      let reply = '';
      for (let i = 0; i < 100 && !reply.startsWith('测试区政务服务（新）'); i++) {
        await new Promise((r) => setTimeout(r, 20));
        reply = await say(second, `oSecond${i}`, '菜单');
      }
      expect(reply).toBe(menuText('测试区政务服务（新）', MAIN_LABELS));
    } finally {
      await admin(t, 'PUT', '/numbered-menus/main', mainMenu);
      await second.close();
    }
  });

  it('when an operator edits the menu while a citizen is in it then the next digit shows the new menu instead of a wrong choice', async () => {
    const who = 'oEdited';
    await say(t, who, '菜单');
    const edited = { ...mainMenu, items: [mainMenu.items[1], mainMenu.items[0], mainMenu.items[2]] };
    const res = await admin(t, 'PUT', '/numbered-menus/main', edited);
    expect(res.statusCode, res.body).toBe(200);
    const reply = await say(t, who, '1');
    expect(reply).toBe(menuText('测试区政务服务', ['办事指南', '热线电话', '其他服务'], '菜单内容刚刚更新，请按下面的新菜单重新选择。'));
    expect(await say(t, who, '1')).toBe(guides());
    await admin(t, 'PUT', '/numbered-menus/main', mainMenu);
  });
});
