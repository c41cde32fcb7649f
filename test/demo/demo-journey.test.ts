import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_MENU_KEY } from '../../src/router/dispatch.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { eventXml, postWechat, readReply, textXml } from '../helpers/wechat.js';

interface Button {
  type?: string;
  key?: string;
  sub_button?: Button[];
}
interface MenuNode {
  action?: string;
  items?: MenuNode[];
}

const demo = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../config/demo/menus.json'), 'utf8')) as {
  customMenu: { button: Button[] };
  numberedMenus: MenuNode[];
};
const clickKeys = demo.customMenu.button.flatMap((b) => [b, ...(b.sub_button ?? [])]).filter((b) => b.type === 'click').map((b) => b.key!);
const actions = (nodes: MenuNode[]): string[] => nodes.flatMap((n) => [...(n.action ? [n.action] : []), ...actions(n.items ?? [])]);
const menuActions = [...new Set(actions(demo.numberedMenus))];

/** Replies that mean the demo data and the code are out of step. */
const BROKEN = [UNKNOWN_MENU_KEY, '暂无', '未找到', '没有找到', '不存在'];

describe('the demo account as a citizen meets it after npm start', () => {
  let t: TestApp;
  let createTime = 1_800_000_000;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  const answerOf = (body: string) => {
    if (body === 'success') return '';
    const reply = readReply(body);
    const articles = reply.Articles as { item?: { Title?: string } } | undefined;
    return String(reply.Content ?? articles?.item?.Title ?? reply.MsgType);
  };

  it.each(clickKeys)('when the custom-menu item %s is tapped then a real answer comes back', async (key) => {
    const res = await postWechat(t.app, eventXml('CLICK', { EventKey: key }, { from: `oTap${key.length}`, createTime: createTime++ }));
    expect(res.statusCode).toBe(200);
    const answer = answerOf(res.body);
    expect(answer, key).not.toBe('');
    for (const broken of BROKEN) expect(answer, key).not.toContain(broken);
  });

  it.each(menuActions)('when the numbered-menu action %s runs then a real answer comes back', async (action) => {
    const res = await postWechat(t.app, eventXml('CLICK', { EventKey: action }, { from: 'oAction', createTime: createTime++ }));
    const answer = answerOf(res.body);
    expect(answer, action).not.toBe('');
    for (const broken of BROKEN) expect(answer, action).not.toContain(broken);
    // Leave any flow the action started, so the next action starts clean.
    await postWechat(t.app, textXml('退出', { from: 'oAction' }));
  });

  it.each(['news:没有这个栏目', 'guide:NO-SUCH-CODE', 'appointment:ZZ9', 'no-such-key'])('when a key names something the demo lacks (%s) then the check above would catch it', async (key) => {
    const answer = answerOf((await postWechat(t.app, eventXml('CLICK', { EventKey: key }, { from: 'oBroken', createTime: createTime++ }))).body);
    expect(BROKEN.some((broken) => answer.includes(broken)), answer).toBe(true);
    await postWechat(t.app, textXml('退出', { from: 'oBroken' }));
  });

  it.each(['档案', '檔案', '社保', '菜单'])('when a citizen types %s then the answer is specific, not the fallback', async (text) => {
    const answer = answerOf((await postWechat(t.app, textXml(text, { from: `oType${text}` }))).body);
    for (const broken of BROKEN) expect(answer).not.toContain(broken);
    expect(answer).not.toContain('留言已收到');
  });
});
