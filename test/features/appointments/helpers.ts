import { expect } from 'vitest';
import { Redis } from 'ioredis';
import { addDays, cstDate, weekday } from '../../../src/calendar/dates.js';
import { jobSchemaFor, REMINDER_QUEUE } from '../../../src/features/appointments/reminder-queue.js';
import { adminHeaders, type TestApp } from '../../helpers/app.js';
import { eventXml, nextMsgId, postWechat, readReply, textXml } from '../../helpers/wechat.js';
import { TEST_REDIS_URL } from '../../global-setup.js';

/** GB 11643 IDs computed independently (the first is the standard's own example). */
export const VALID_IDS = ['11010519491231002X', '440106199003071231', '440304198511224568', '440102200001010013', '320102198001010024'];

export const today = () => cstDate(new Date());
export const tomorrow = () => addDays(today(), 1);

/** A bookable hall open every day 09:00–10:00 in 30-minute slots, bookable 1–3 days ahead. */
export function hallBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: 'T1',
    name: '测试大厅窗口',
    kind: 'hall',
    location: '测试路1号',
    slotMinutes: 30,
    capacityPerSlot: 3,
    schedule: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '10:00' }],
    bookingWindow: { minDaysAhead: 1, maxDaysAhead: 3 },
    cancelDeadlineMinutes: 60,
    whatToBring: '居民身份证原件',
    ...overrides,
  };
}

export async function createService(t: TestApp, body: Record<string, unknown>): Promise<{ id: number; code: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/admin/api/appointment-services', headers: adminHeaders, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function admin(t: TestApp, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url: `/admin/api${url}`, headers: adminHeaders, ...(payload === undefined ? {} : { payload: payload as object }) });
}

let clickTime = 1_800_000_000;

/** The text of a passive reply; '' when the account answered `success` (no reply). */
const contentOf = (body: string) => (body === '' || body === 'success' ? '' : String(readReply(body).Content ?? ''));

/** One citizen talking to the account; every call returns the reply text. */
export class Citizen {
  constructor(
    private readonly t: TestApp,
    readonly openId: string,
  ) {}

  async say(content: string, msgId = nextMsgId()): Promise<string> {
    const res = await postWechat(this.t.app, textXml(content, { from: this.openId, msgId }));
    expect(res.statusCode).toBe(200);
    return contentOf(res.body);
  }

  async speak(recognition: string): Promise<string> {
    const xml = `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${this.openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[${recognition}]]></Recognition><MsgId>${nextMsgId()}</MsgId></xml>`;
    return contentOf((await postWechat(this.t.app, xml)).body);
  }

  async tap(key: string): Promise<string> {
    const res = await postWechat(this.t.app, eventXml('CLICK', { EventKey: key }, { from: this.openId, createTime: ++clickTime }));
    return contentOf(res.body);
  }

  /** Tap `appointment:<code>`, pick the first date and slot, give name and phone (and ID): at the confirmation. */
  async toConfirmation(code: string, person: { name?: string; phone: string; id?: string }, picks: { date?: number; slot?: number } = {}): Promise<string> {
    expect(await this.tap(`appointment:${code}`)).toContain('请选择日期');
    expect(await this.say(String(picks.date ?? 1))).toContain('可预约时段');
    expect(await this.say(String(picks.slot ?? 1))).toContain('请输入预约人姓名');
    expect(await this.say(person.name ?? '张三')).toContain('手机号');
    const afterPhone = await this.say(person.phone);
    if (!person.id) return afterPhone;
    expect(afterPhone).toContain('身份证号');
    return this.say(person.id);
  }
}

export const bookingNoOf = (reply: string) => /预约号：(\d{8})/.exec(reply)?.[1];

/** Mainland mobile numbers for many test citizens. */
export const phoneFor = (i: number) => `139${String(10_000_000 + i).slice(-8)}`;

/** The next date in [from, from+14) whose ISO weekday is in `days`. */
export function nextWeekday(from: string, days: number[]): string {
  for (let d = from, i = 0; i < 14; d = addDays(d, 1), i++) if (days.includes(weekday(d))) return d;
  throw new Error('no such weekday');
}

/**
 * Time travel for reminders: the jobs (and their rows) become due now. With
 * `includeCancelled`, cancelled jobs are revived too, to prove the worker itself
 * refuses a cancelled booking's reminder.
 */
export async function makeRemindersDue(t: TestApp, options: { includeCancelled?: boolean } = {}): Promise<number> {
  const states = options.includeCancelled ? `('created', 'cancelled')` : `('created')`;
  await t.db.query(`UPDATE appointment_reminders SET due_at = now()`);
  const { rowCount } = await t.db.query(
    `UPDATE ${jobSchemaFor(t.isolation.schema)}.job SET start_after = now(), state = 'created' WHERE name = $1 AND state IN ${states}`,
    [REMINDER_QUEUE],
  );
  return rowCount ?? 0;
}

/** The remaining TTL (ms) of a key in this app's Redis prefix. */
export async function redisTtl(t: TestApp, key: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  await redis.connect();
  try {
    return await redis.pttl(t.isolation.prefix + key);
  } finally {
    redis.disconnect();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs tasks with at most `limit` in flight. */
export async function inBatches<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}
