import { expect } from 'vitest';
import { adminHeaders, type TestApp } from '../../helpers/app.js';
import { eventXml, postWechat, readReply, textXml } from '../../helpers/wechat.js';

export const FOOTER = '回复数字选择，回复0返回上一级，回复“退出”离开。';

export async function admin(t: TestApp, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url: `/admin/api${url}`, headers: adminHeaders, ...(payload === undefined ? {} : { payload: payload as object }) });
}

export async function createMenu(t: TestApp, body: unknown): Promise<void> {
  const res = await admin(t, 'POST', '/numbered-menus', body);
  expect(res.statusCode, res.body).toBe(201);
}

export async function createKeyword(t: TestApp, text: string, reply: string): Promise<void> {
  const res = await admin(t, 'POST', '/keyword-rules', {
    name: text,
    keywords: [{ text, match: 'exact' }],
    replies: [{ type: 'text', content: reply }],
    replyMode: 'random',
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** Sends a text message and returns the passive reply's content ('' when the body is "success"). */
export async function say(t: TestApp, from: string, content: string): Promise<string> {
  const res = await postWechat(t.app, textXml(content, { from }));
  expect(res.statusCode).toBe(200);
  return res.body === 'success' ? '' : String(readReply(res.body).Content ?? readReply(res.body).MsgType);
}

let clickTime = 1_700_100_000;

/** Taps a custom-menu CLICK button (distinct CreateTime so repeated taps are not de-duplicated). */
export async function tap(t: TestApp, from: string, key: string): Promise<string> {
  const res = await postWechat(t.app, eventXml('CLICK', { EventKey: key }, { from, createTime: ++clickTime }));
  expect(res.statusCode).toBe(200);
  return res.body === 'success' ? '' : String(readReply(res.body).Content);
}

export const menuText = (title: string, labels: string[], note?: string) =>
  [...(note ? [note, ''] : []), title, ...labels.map((label, i) => `${i + 1}. ${label}`), FOOTER].join('\n');
