import { expect } from 'vitest';
import { adminHeaders, type TestApp } from '../../helpers/app.js';
import { eventXml, postWechat, readReply, textXml } from '../../helpers/wechat.js';

/** Admin and citizen shortcuts for the content tests. */

export async function post(t: TestApp, url: string, payload: unknown, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'POST', url, headers: { ...adminHeaders, ...headers }, payload: payload as object });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; [k: string]: unknown };
}

export const guide = (code: string, name: string, extra: Record<string, unknown> = {}) => ({
  code,
  name,
  department: '示例区测试局',
  status: 'published',
  ...extra,
});

export const news = (title: string, category: string, extra: Record<string, unknown> = {}) => ({
  title,
  summary: `${title}摘要`,
  body: `${title}正文`,
  category,
  status: 'published',
  ...extra,
});

export const place = (name: string, kind: string, lat: number | null, lng: number | null, extra: Record<string, unknown> = {}) => ({
  name,
  kind,
  lat,
  lng,
  address: `${name}地址`,
  status: 'published',
  ...extra,
});

export async function say(t: TestApp, text: string, from: string) {
  const res = await postWechat(t.app, textXml(text, { from }));
  expect(res.statusCode).toBe(200);
  if (res.body === 'success' || res.body === '') return {} as Record<string, string | undefined> & { Articles?: { item: Record<string, string> } };
  return readReply(res.body) as Record<string, string | undefined> & { Articles?: { item: Record<string, string> } };
}

let clock = 1_750_000_000;
/** Distinct CreateTime per event so identical taps are not de-duplicated. */
export async function tap(t: TestApp, key: string, from: string) {
  const res = await postWechat(t.app, eventXml('CLICK', { EventKey: key }, { from, createTime: clock++ }));
  expect(res.statusCode).toBe(200);
  return res.body === 'success' ? {} : (readReply(res.body) as Record<string, string | undefined> & { Articles?: { item: Record<string, string> } });
}

export function locationXml(lat: number, lng: number, from: string, msgId: string) {
  return `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${clock++}</CreateTime><MsgType><![CDATA[location]]></MsgType><Location_X>${lat}</Location_X><Location_Y>${lng}</Location_Y><Scale>15</Scale><Label><![CDATA[某地]]></Label><MsgId>${msgId}</MsgId></xml>`;
}

export function locationSelectXml(lat: number, lng: number, from: string) {
  return `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${clock++}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[location_select]]></Event><EventKey><![CDATA[nearby]]></EventKey><SendLocationInfo><Location_X><![CDATA[${lat}]]></Location_X><Location_Y><![CDATA[${lng}]]></Location_Y><Scale><![CDATA[15]]></Scale><Label><![CDATA[ 某地]]></Label><Poiname><![CDATA[]]></Poiname></SendLocationInfo></xml>`;
}

export function voiceXml(recognition: string, from: string, msgId: string) {
  return `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${clock++}</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[${recognition}]]></Recognition><MsgId>${msgId}</MsgId></xml>`;
}

/** The numbered lines of a result list: "3.【办事】名称" → 名称. */
export function listed(content: string | undefined): string[] {
  return (content ?? '')
    .split('\n')
    .map((line) => /^\d+\.【[^】]+】(.*)$/.exec(line)?.[1])
    .filter((x): x is string => x !== undefined);
}
