import type { Db } from '../infra/db.js';
import { createStatsRepository } from './stats.repository.js';

/**
 * How a logged message was answered, in SQL: nothing (no rule, the default reply, a search
 * that found nothing, a failed handler), search, or a rule. Mirrors inbox/message-view.ts.
 */
const NOTHING = `(rule IN ('fallback:none', 'fallback:default-reply', 'none') OR rule LIKE '%search:none%' OR rule LIKE '%:error')`;
const SEARCH = `(NOT ${NOTHING} AND rule LIKE '%search%')`;
/** Citizens' messages only: no operator replies, no simulator. */
const CITIZEN = `direction = 'in' AND NOT test`;

export interface DayCount {
  date: string;
  total: number;
  byRule: number;
  bySearch: number;
  byNothing: number;
}

export function createDashboardRepository(db: Db) {
  return {
    ...createStatsRepository(db),
    async messagesSince(accountId: string, since: Date) {
      const { rows } = await db.query<{ total: number; by_search: number; by_nothing: number; unmatched: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE ${SEARCH})::int AS by_search, count(*) FILTER (WHERE ${NOTHING})::int AS by_nothing,
           count(DISTINCT text) FILTER (WHERE ${NOTHING} AND text IS NOT NULL AND kind IN ('text', 'voice'))::int AS unmatched
         FROM message_log WHERE account_id = $1 AND ${CITIZEN} AND created_at >= $2`,
        [accountId, since],
      );
      const r = rows[0]!;
      return { messages: r.total, byRule: r.total - r.by_search - r.by_nothing, bySearch: r.by_search, byNothing: r.by_nothing, unmatched: r.unmatched };
    },
    /** One row per China Standard Time day, oldest first, zero days included. */
    async perDay(accountId: string, days: number): Promise<DayCount[]> {
      const { rows } = await db.query<{ date: string; total: number; by_search: number; by_nothing: number }>(
        `WITH days AS (
           SELECT generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date - ($2::int - 1), (now() AT TIME ZONE 'Asia/Shanghai')::date, interval '1 day')::date AS day
         ), counts AS (
           SELECT (created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, count(*)::int AS total,
             count(*) FILTER (WHERE ${SEARCH})::int AS by_search, count(*) FILTER (WHERE ${NOTHING})::int AS by_nothing
           FROM message_log WHERE account_id = $1 AND ${CITIZEN}
             AND created_at >= ((now() AT TIME ZONE 'Asia/Shanghai')::date - ($2::int - 1)) AT TIME ZONE 'Asia/Shanghai'
           GROUP BY 1
         )
         SELECT to_char(d.day, 'YYYY-MM-DD') AS date, COALESCE(c.total, 0) AS total, COALESCE(c.by_search, 0) AS by_search, COALESCE(c.by_nothing, 0) AS by_nothing
         FROM days d LEFT JOIN counts c ON c.day = d.day ORDER BY d.day`,
        [accountId, days],
      );
      return rows.map((r) => ({ date: r.date, total: r.total, byRule: r.total - r.by_search - r.by_nothing, bySearch: r.by_search, byNothing: r.by_nothing }));
    },
    /** Keyword rules by the messages they answered (rule names are `keyword:<id>`). */
    async topKeywords(accountId: string, since: Date, limit: number) {
      const { rows } = await db.query<{ id: number | null; name: string | null; rule: string; count: number }>(
        `SELECT k.id, k.name, m.rule, count(*)::int AS count FROM message_log m
         LEFT JOIN keyword_rules k ON k.account_id = m.account_id AND m.rule ~ '^keyword:[0-9]{1,18}$' AND k.id = substring(m.rule FROM 9)::bigint
         WHERE m.account_id = $1 AND m.direction = 'in' AND NOT m.test AND m.created_at >= $2 AND m.rule LIKE 'keyword:%'
         GROUP BY k.id, k.name, m.rule ORDER BY count DESC, m.rule LIMIT $3`,
        [accountId, since, limit],
      );
      return rows.map((r) => ({ ruleId: r.id, name: r.name ?? r.rule, rule: r.rule, count: r.count }));
    },
    /**
     * Questions nothing answered in the period, most asked first. A question is resolved when
     * it was asked again later (by a citizen or in the simulator) and something answered it.
     */
    async unmatched(accountId: string, from: Date, to: Date | undefined, limit: number) {
      const { rows } = await db.query<{ query: string; count: number; last_at: Date; resolved: boolean }>(
        `WITH asked AS (
           SELECT text, count(*)::int AS count, max(created_at) AS last_at FROM message_log
           WHERE account_id = $1 AND ${CITIZEN} AND ${NOTHING} AND kind IN ('text', 'voice') AND text IS NOT NULL
             AND created_at >= $2 AND ($3::timestamptz IS NULL OR created_at < $3)
           GROUP BY text ORDER BY count DESC, last_at DESC LIMIT $4
         )
         SELECT a.text AS query, a.count, a.last_at,
           EXISTS (SELECT 1 FROM message_log l WHERE l.account_id = $1 AND l.direction = 'in' AND l.text = a.text AND l.created_at > a.last_at
                     AND NOT (l.rule IN ('fallback:none', 'fallback:default-reply', 'none') OR l.rule LIKE '%search:none%' OR l.rule LIKE '%:error')) AS resolved
         FROM asked a ORDER BY a.count DESC, a.last_at DESC`,
        [accountId, from, to ?? null, limit],
      );
      return rows.map((r) => ({ query: r.query, count: r.count, lastAt: r.last_at, resolved: r.resolved }));
    },
    async tickets(accountId: string) {
      const { rows } = await db.query<{ open: number; overdue: number }>(
        `SELECT count(*)::int AS open, count(*) FILTER (WHERE due_date < (now() AT TIME ZONE 'Asia/Shanghai')::date)::int AS overdue
         FROM tickets WHERE account_id = $1 AND NOT test AND status NOT IN ('closed', 'merged')`,
        [accountId],
      );
      return rows[0]!;
    },
    async bookingsToday(accountId: string): Promise<number> {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM appointment_bookings WHERE account_id = $1 AND status <> 'cancelled' AND open_id NOT LIKE 'sim\\_%'
           AND (slot_start AT TIME ZONE 'Asia/Shanghai')::date = (now() AT TIME ZONE 'Asia/Shanghai')::date`,
        [accountId],
      );
      return rows[0]!.n;
    },
  };
}

export type DashboardRepository = ReturnType<typeof createDashboardRepository>;
