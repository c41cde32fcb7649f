import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { adminHeaders } from '../../helpers/app.js';
import { postWechat, readReply } from '../../helpers/wechat.js';

export interface Answer {
  status: number;
  body: string;
  elapsedMs: number;
  /** The passive reply's Content, or undefined for `success`. */
  content?: unknown;
}

/** WeChat gives up after 5 s; the caller must see an answer within 4.5 s (issue 2). */
export const WECHAT_DEADLINE_MS = 4500;

/** Posts a push and times it end to end, as WeChat would. */
export async function deliver(app: FastifyInstance, xml: string, options: { safe?: boolean } = {}): Promise<Answer> {
  const started = Date.now();
  const res = await postWechat(app, xml, options);
  const elapsedMs = Date.now() - started;
  const answer: Answer = { status: res.statusCode, body: res.body, elapsedMs };
  if (res.statusCode === 200 && res.body !== 'success') answer.content = readReply(res.body).Content;
  return answer;
}

/** What WeChat needs: a 200 with `success` or a passive reply, in time. */
export function expectAnsweredInTime(answer: Answer, label = ''): void {
  expect(answer.status, `${label} status (body: ${answer.body.slice(0, 80)})`).toBe(200);
  expect(answer.body === 'success' || answer.body.startsWith('<xml>'), `${label} body`).toBe(true);
  expect(answer.elapsedMs, `${label} answered within WeChat's deadline`).toBeLessThan(WECHAT_DEADLINE_MS);
}

export interface RuleSpec {
  keyword: string;
  replies: string[];
  replyMode?: 'random' | 'all';
}

/** Creates an operator keyword rule through the admin API; returns its id. */
export async function createRule(app: FastifyInstance, spec: RuleSpec, headers: Record<string, string> = {}): Promise<number> {
  const res = await app.inject({
    method: 'POST',
    url: '/admin/api/keyword-rules',
    headers: { ...adminHeaders, ...headers },
    payload: {
      name: spec.keyword.slice(0, 60),
      keywords: [{ text: spec.keyword, match: 'exact' }],
      replies: spec.replies.map((content) => ({ type: 'text', content })),
      replyMode: spec.replyMode ?? 'random',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: number }).id;
}

export async function setDefaultReply(app: FastifyInstance, content: string): Promise<void> {
  const res = await app.inject({ method: 'PUT', url: '/admin/api/auto-replies/default', headers: adminHeaders, payload: { replies: [{ type: 'text', content }] } });
  expect(res.statusCode, res.body).toBe(200);
}

export async function readyStatus(app: FastifyInstance): Promise<number> {
  return (await app.inject({ url: '/readyz' })).statusCode;
}

/** Polls until `check` holds or the time is up; returns whether it held. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
