import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin, operatorHeaders } from './helpers.js';

interface Seed {
  category: string;
  status: string;
  /** Beijing time, 'YYYY-MM-DD HH:MM'. */
  filed: string;
  due: string;
  closed?: string;
  rating?: number;
  firstReplySeconds?: number;
  direct?: boolean;
  department?: string;
  account?: string;
}

const cst = (local: string) => `${local.replace(' ', 'T')}:00+08:00`;

/**
 * March 2026, eight tickets in the period and three outside it (hand-computed figures in the test):
 *   按时办结率: closed 1, 2, 4, 8; on time 1, 4 (at 23:30 on its due date), 8 → 3/4
 *   满意率: rated 1 (5), 2 (3), 3 (1), 4 (4) → 4 and 5 are 1 and 4 → 2/4
 *   直接答复率: 7 tickets besides the merged one; answered without dispatch 1, 2, 8 → 3/7
 *   first replies 3600, 7200, 14400, 10800, 36000, 1800 s → median (7200 + 10800) / 2 = 9000 s
 */
const SEEDS: Seed[] = [
  { category: '咨询', status: 'closed', filed: '2026-03-02 09:00', due: '2026-03-04', closed: '2026-03-03 10:00', rating: 5, firstReplySeconds: 3600, direct: true },
  { category: '咨询', status: 'closed', filed: '2026-03-02 10:00', due: '2026-03-04', closed: '2026-03-05 09:00', rating: 3, firstReplySeconds: 7200, direct: true },
  { category: '投诉', status: 'reopened', filed: '2026-03-03 08:00', due: '2026-03-24', rating: 1, firstReplySeconds: 14400, direct: false, department: '城管' },
  { category: '投诉', status: 'closed', filed: '2026-03-05 15:00', due: '2026-03-26', closed: '2026-03-26 23:30', rating: 4, firstReplySeconds: 10800, direct: false, department: '城管' },
  { category: '求助', status: 'dispatched', filed: '2026-03-10 11:00', due: '2026-03-24', department: '民政' },
  { category: '建议', status: 'replied', filed: '2026-03-12 16:00', due: '2026-03-26', firstReplySeconds: 36000, direct: false, department: '住建' },
  { category: '举报', status: 'merged', filed: '2026-03-15 09:30', due: '2026-04-03' },
  { category: '咨询', status: 'closed', filed: '2026-03-31 23:59', due: '2026-04-02', closed: '2026-04-01 09:00', firstReplySeconds: 1800, direct: true },
  // Outside the period or the account: never counted.
  { category: '咨询', status: 'closed', filed: '2026-02-28 23:59', due: '2026-03-03', closed: '2026-03-10 10:00', rating: 1, firstReplySeconds: 60, direct: true },
  { category: '投诉', status: 'closed', filed: '2026-04-01 00:00', due: '2026-04-22', closed: '2026-04-30 10:00', rating: 1, firstReplySeconds: 60, direct: true },
  { category: '投诉', status: 'closed', filed: '2026-03-20 10:00', due: '2026-04-10', closed: '2026-04-30 10:00', rating: 1, firstReplySeconds: 60, direct: true, account: 'other' },
];

describe('tickets: statistics', () => {
  let t: TestApp;
  let a: ReturnType<typeof admin>;
  beforeAll(async () => {
    t = await createTestApp();
    a = admin(t);
    await t.db.query("INSERT INTO accounts (id, name, app_id, app_secret, token) VALUES ('other', '其他号', 'wx00000000000other', 'secret-other', 'othertoken')");
    for (const [i, s] of SEEDS.entries()) {
      await t.db.query(
        `INSERT INTO tickets (account_id, ticket_no, category, status, content, due_date, draft_id, created_at, closed_at, rating, rated_at,
           first_reply_at, direct_answer, department)
         VALUES ($1, $2, $3, $4, '统计样例', $5, $6, $7::timestamptz, $8::timestamptz, $9::smallint, CASE WHEN $9::smallint IS NULL THEN NULL ELSE now() END,
           $7::timestamptz + make_interval(secs => $10::int), $11, $12)`,
        [s.account ?? 'default', `2603${String(i).padStart(7, '0')}`, s.category, s.status, s.due, `stats-${i}`, cst(s.filed), s.closed ? cst(s.closed) : null,
          s.rating ?? null, s.firstReplySeconds ?? null, s.direct ?? null, s.department ?? null],
      );
    }
  });
  afterAll(async () => t.close());

  it('when stats are asked for March then counts, 按时办结率, 满意率, 直接答复率 and the median first reply match the hand-computed figures', async () => {
    const res = await a.get('/tickets/stats?from=2026-03-01&to=2026-03-31');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      total: 8,
      byCategory: { 咨询: 3, 投诉: 2, 求助: 1, 建议: 1, 举报: 1 },
      byStatus: { closed: 4, dispatched: 1, merged: 1, reopened: 1, replied: 1 },
      byDepartment: { 城管: 2, 民政: 1, 住建: 1, 未派单: 4 },
      // 2026-03-31 23:59 in Beijing is still March.
      byMonth: { '2026-03': 8 },
      onTime: { label: '按时办结率', closedOnTime: 3, closed: 4, rate: 0.75 },
      satisfaction: { label: '满意率', satisfied: 2, rated: 4, rate: 0.5 },
      directAnswer: { label: '直接答复率', direct: 3, total: 7, rate: 0.4286 },
      firstReply: { label: '首次答复用时中位数', replied: 6, medianSeconds: 9000 },
    });
  });

  it('when a handler asks for stats then only their department counts', async () => {
    const handler = admin(t, await operatorHeaders(t, '城管处理员', ['handler'], '城管'));
    const res = await handler.get('/tickets/stats?from=2026-03-01&to=2026-03-31');
    expect(res.body).toMatchObject({ total: 2, byCategory: { 投诉: 2 }, onTime: { closedOnTime: 1, closed: 1, rate: 1 }, satisfaction: { satisfied: 1, rated: 2, rate: 0.5 } });
  });

  it('when a period has no tickets then rates are null rather than a division by zero', async () => {
    const res = await a.get('/tickets/stats?from=2025-01-01&to=2025-01-31');
    expect(res.body).toMatchObject({ total: 0, onTime: { rate: null }, satisfaction: { rate: null }, directAnswer: { rate: null }, firstReply: { medianSeconds: null } });
  });

  it.each([
    ['/tickets/stats?from=2026-04-01&to=2026-03-01', 'from'],
    ['/tickets/stats?from=2026-13-01', 'from'],
    ['/tickets/stats?to=yesterday', 'to'],
  ])('when the period is invalid (%s) then 400 naming the field', async (url, field) => {
    const res = await a.get(url);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });
});
