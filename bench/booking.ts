/**
 * Booking contention benchmark (issue 4): 200 citizens confirming at the same moment,
 * on the local Postgres, in a throw-away schema (and its pg-boss schema) dropped at the end.
 *
 *   npx tsx bench/booking.ts [--quick]   (BENCH_DATABASE_URL overrides the database)
 *
 * or `await runBookingBench()` from another script (returns the rows and the table).
 *
 * Scenarios:
 *  - service layer: BookingService.confirm, the code the conversation calls, on a pool
 *    of 40 connections: the last 3 places of a slot, a 50-place slot, 200 places on one
 *    hot row, and 200 bookings spread over 20 slots;
 *  - webhook: the whole product (buildApp, signed XML, the rule router, sessions) with
 *    200 citizens already at the confirmation step replying "1" at once.
 * Prints a Markdown table and writes bench/booking-results.md. Bounded well under 2 minutes.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { addDays, cstDate } from '../src/calendar/dates.js';
import { createCalendarRepository } from '../src/calendar/calendar.repository.js';
import { CalendarService } from '../src/calendar/calendar.service.js';
import { loadConfig } from '../src/config/config.js';
import { Availability } from '../src/features/appointments/availability.js';
import { createBookingConfirmRepository } from '../src/features/appointments/booking-confirm.repository.js';
import { createBookingStatusRepository } from '../src/features/appointments/booking-status.repository.js';
import { BookingService, type ConfirmResult } from '../src/features/appointments/booking.service.js';
import { createBookingRepository } from '../src/features/appointments/bookings.repository.js';
import { jobSchemaFor, ReminderQueue } from '../src/features/appointments/reminder-queue.js';
import { createReminderRepository } from '../src/features/appointments/reminders.repository.js';
import { createServiceRepository, type ServiceRepository } from '../src/features/appointments/services.repository.js';
import type { ServiceInput } from '../src/features/appointments/appointments.types.js';
import { createDb, type Db } from '../src/infra/db.js';
import { createMemoryStore } from '../src/infra/kv/memory.js';
import { createLogger } from '../src/infra/logger.js';
import { createMetrics } from '../src/infra/metrics.js';
import { migrate } from '../src/infra/migrate.js';
import { createWechatApiFactory } from '../src/infra/wechat/client.js';
import { PiiCipher } from '../src/lib/pii.js';
import { DEFAULT_ACCOUNT_ID } from '../src/wechat/account.js';
import { computeSignature } from '../src/wechat/signature.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CITIZENS = 200;
const POOL = 40;
/** `--quick` (or BENCH_QUICK, as `npm run bench -- --quick` passes it): one round instead of three. */
const ROUNDS = process.argv.includes('--quick') || process.env.BENCH_QUICK ? 1 : 3;
const KEY = Buffer.alloc(32, 7);
const TOKEN = 'benchbooking';

export interface BenchRow {
  scenario: string;
  places: number;
  booked: number;
  /** From the start until the last place was taken (ms), median of the rounds. */
  soldOutMs: number;
  /** From the start until every citizen had an answer (ms), median of the rounds. */
  allAnsweredMs: number;
  /** Successful confirmations per second while places lasted. */
  bookedPerSec: number;
  p50: number;
  p95: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

const service = (code: string, capacityPerSlot: number, slots: number): ServiceInput => ({
  code,
  name: `压测窗口${code}`,
  kind: 'hall',
  slotMinutes: 5,
  capacityPerSlot,
  schedule: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: `${String(8 + Math.ceil((slots * 5) / 60)).padStart(2, '0')}:00` }],
  bookingWindow: { minDaysAhead: 1, maxDaysAhead: 30 },
  cancelDeadlineMinutes: 60,
  reminderMinutesBefore: [1440, 60],
});

const slotTime = (i: number) => {
  const m = 8 * 60 + i * 5;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** One burst: every citizen confirms at once; answers are timed from the start. */
async function burst(run: (i: number) => Promise<boolean>): Promise<{ wins: number; soldOutMs: number; allMs: number; latencies: number[] }> {
  const start = performance.now();
  const latencies: number[] = [];
  let soldOutMs = 0;
  let wins = 0;
  await Promise.all(
    Array.from({ length: CITIZENS }, async (_, i) => {
      const won = await run(i);
      const at = performance.now() - start;
      latencies.push(at);
      if (won) {
        wins++;
        soldOutMs = Math.max(soldOutMs, at);
      }
    }),
  );
  return { wins, soldOutMs, allMs: performance.now() - start, latencies };
}

async function serviceScenarios(db: Db, services: ServiceRepository): Promise<BenchRow[]> {
  const log = createLogger('silent');
  const bookings = createBookingRepository(db);
  const reminders = createReminderRepository(db);
  const queue = new ReminderQueue({ db, log, appSchema: () => reminders.currentSchema(), pollingIntervalSeconds: 60, handle: async () => undefined });
  const calendar = new CalendarService(createCalendarRepository(db), { publish: async () => ({ announced: true }), onChange: () => undefined });
  const booking = new BookingService({ services, bookings, confirmations: createBookingConfirmRepository(db), status: createBookingStatusRepository(db), reminders, queue, availability: new Availability(calendar, bookings), cipher: new PiiCipher(KEY), log });
  const scenarios = [
    { name: 'service layer: last 3 places of one slot', capacity: 3, slots: 1 },
    { name: 'service layer: one 50-place slot', capacity: 50, slots: 1 },
    { name: 'service layer: 200 places on one hot slot', capacity: 200, slots: 1 },
    { name: 'service layer: 200 places over 20 slots', capacity: 10, slots: 20 },
  ];
  const rows: BenchRow[] = [];
  let seq = 0;
  for (const [n, s] of scenarios.entries()) {
    const svc = await services.create(DEFAULT_ACCOUNT_ID, service(`S${n}`, s.capacity, s.slots));
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const date = addDays(cstDate(new Date()), 1 + round);
      const now = new Date();
      rounds.push(
        await burst(async (i) => {
          const r: ConfirmResult = await booking.confirm({
            accountId: DEFAULT_ACCOUNT_ID, openId: `oBench${n}-${round}-${i}`, serviceId: svc.id, resourceCode: '', date, start: slotTime(i % s.slots),
            person: { name: '压测', phone: `139${String(10_000_000 + ++seq).slice(-8)}` }, requestKey: `bench-${n}-${round}-${i}`, msgId: null, now,
          });
          return r.kind === 'booked';
        }),
      );
    }
    rows.push(summarise(s.name, s.capacity * s.slots, rounds));
  }
  await queue.stop();
  return rows;
}

function summarise(scenario: string, places: number, rounds: Array<{ wins: number; soldOutMs: number; allMs: number; latencies: number[] }>): BenchRow {
  const booked = Math.max(...rounds.map((r) => r.wins));
  if (rounds.some((r) => r.wins !== Math.min(places, CITIZENS))) throw new Error(`${scenario}: booked ${rounds.map((r) => r.wins).join('/')} of ${places} places`);
  const soldOutMs = median(rounds.map((r) => r.soldOutMs));
  const all = rounds.flatMap((r) => r.latencies);
  return { scenario, places, booked, soldOutMs, allAnsweredMs: median(rounds.map((r) => r.allMs)), bookedPerSec: (booked / soldOutMs) * 1000, p50: pct(all, 50), p95: pct(all, 95) };
}

/** The whole product: 200 citizens walk to the confirmation, then all reply "1" at once. */
async function webhookScenario(schema: string): Promise<BenchRow> {
  const log = createLogger('silent');
  const config = loadConfig({ NODE_ENV: 'test', WECHAT_TOKEN: TOKEN, WECHAT_APPID: 'wxbenchbooking00001', WECHAT_APPSECRET: 'bench', ADMIN_TOKEN: 'bench-admin-token-0123456789', DATABASE_URL, LOG_LEVEL: 'silent' });
  const db = createDb({ connectionString: DATABASE_URL, schema });
  const kv = createMemoryStore();
  const app = await buildApp({ config, db, kv, log, metrics: createMetrics(false), wechatApis: createWechatApiFactory({ apiBase: 'http://127.0.0.1:9', kv, log }) });
  await app.ready();
  let msgSeq = 7_400_000_000_000_000_000n;
  const post = async (from: string, xml: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const query = { signature: computeSignature([TOKEN, timestamp, 'n']), timestamp, nonce: 'n' };
    const res = await app.inject({ method: 'POST', url: '/wechat', query, payload: xml, headers: { 'content-type': 'text/xml' } });
    return res.body;
  };
  const head = (from: string) => `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>`;
  const say = (from: string, text: string) => post(from, `${head(from)}<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${++msgSeq}</MsgId></xml>`);
  try {
    const services = createServiceRepository(db);
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      await services.create(DEFAULT_ACCOUNT_ID, { ...service(`W${round}`, 3, 2), bookingWindow: { minDaysAhead: 1, maxDaysAhead: 1 } });
      const citizens = Array.from({ length: CITIZENS }, (_, i) => `oWeb${round}-${i}`);
      for (let i = 0; i < CITIZENS; i += 50) {
        await Promise.all(
          citizens.slice(i, i + 50).map(async (from, k) => {
            await post(from, `${head(from)}<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[appointment:W${round}]]></EventKey></xml>`);
            for (const text of ['1', '1', '张三', `139${String(20_000_000 + round * 1000 + i + k).slice(-8)}`]) await say(from, text);
          }),
        );
      }
      rounds.push(await burst(async (i) => (await say(citizens[i]!, '1')).includes('预约号')));
    }
    return summarise('webhook: last 3 places, 200 citizens reply "1" at once', 3, rounds);
  } finally {
    await app.close();
    await db.end();
    await kv.close();
  }
}

export function toMarkdown(rows: BenchRow[]): string {
  const lines = [
    `Booking contention: ${CITIZENS} concurrent citizens, median of ${ROUNDS} rounds; Postgres ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}, pool ${POOL} (service layer) / 10 (webhook).`,
    '',
    '| Scenario | Places | Booked | Sold out in (ms) | All 200 answered in (ms) | Confirmations/s | Answer p50 (ms) | Answer p95 (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.scenario} | ${r.places} | ${r.booked} | ${r.soldOutMs.toFixed(0)} | ${r.allAnsweredMs.toFixed(0)} | ${r.bookedPerSec.toFixed(0)} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function runBookingBench(): Promise<{ rows: BenchRow[]; markdown: string }> {
  const schema = `bench_booking_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  const db = createDb({ connectionString: DATABASE_URL, schema, max: POOL });
  try {
    // node-pg-migrate holds one advisory lock per database: wait for a test run's migration to finish.
    for (let attempt = 1; ; attempt++) {
      try {
        await migrate(DATABASE_URL, createLogger('silent'), schema);
        break;
      } catch (err) {
        if (attempt >= 10 || !/Another migration is already running/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    await admin.query(`INSERT INTO "${schema}".accounts (id, name, app_id, app_secret, token) VALUES ($1, 'bench', 'wxbenchbooking00001', 'bench', $2)`, [DEFAULT_ACCOUNT_ID, TOKEN]);
    const rows = await serviceScenarios(db, createServiceRepository(db));
    rows.push(await webhookScenario(schema));
    const markdown = toMarkdown(rows);
    await writeFile(path.join(path.dirname(fileURLToPath(import.meta.url)), 'booking-results.md'), markdown);
    return { rows, markdown };
  } finally {
    await db.end();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS "${jobSchemaFor(schema)}" CASCADE`);
    await admin.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const timer = setTimeout(() => {
    console.error('booking bench exceeded 2 minutes');
    process.exit(1);
  }, 120_000);
  runBookingBench()
    .then(({ markdown }) => {
      clearTimeout(timer);
      console.log(markdown);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
