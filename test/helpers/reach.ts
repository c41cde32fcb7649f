import type { LightMyRequestResponse } from 'fastify';
import { adminHeaders, type TestApp } from './app.js';
import { eventXml, postWechat } from './wechat.js';

/** An admin API call as the super-admin, or as the operator whose token is given. */
export function api(t: TestApp, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, token?: string): Promise<LightMyRequestResponse> {
  const headers = token ? { authorization: `Bearer ${token}` } : adminHeaders;
  return t.app.inject({ method, url: `/admin/api${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** Creates a named operator and returns its token. */
export async function operator(t: TestApp, name: string, roles: string[]): Promise<string> {
  const res = await api(t, 'POST', '/operators', { name, roles });
  if (res.statusCode !== 201) throw new Error(`operator not created: ${res.body}`);
  return (res.json() as { token: string }).token;
}

/** A WeChat event push for one follower; returns the passive reply's body. */
export async function pushEvent(t: TestApp, event: string, openId: string, fields: Record<string, string> = {}, createTime?: number): Promise<string> {
  const res = await postWechat(t.app, eventXml(event, fields, { from: openId, createTime }));
  if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}`);
  return res.body;
}

/** The MASSSENDJOBFINISH push WeChat sends when a 群发 job ends (wechat-reach.md §1.8). */
export function massSendFinished(msgId: string, totals: { status?: string; total: number; filter: number; sent: number; errors: number }): Record<string, string> {
  return {
    MsgID: msgId,
    Status: totals.status ?? 'send success',
    TotalCount: String(totals.total),
    FilterCount: String(totals.filter),
    SentCount: String(totals.sent),
    ErrorCount: String(totals.errors),
  };
}

/** Polls until `check` holds or the timeout passes (background work: jobs, unawaited writes). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}
