import type { Db } from '../infra/db.js';

/** Figures for the statistics screen over [from, to): bookings by service and the rules that answered citizens. */
export function createStatsRepository(db: Db) {
  return {
    /** Bookings whose slot falls in the period, per service: how many were used, missed or cancelled. */
    async bookings(accountId: string, from: Date, to: Date) {
      const { rows } = await db.query<{ service: string; total: number; checked_in: number; no_show: number; cancelled: number; booked: number; capacity: number | null }>(
        `SELECT s.name AS service, count(*)::int AS total,
           count(*) FILTER (WHERE b.status = 'checked_in')::int AS checked_in,
           count(*) FILTER (WHERE b.status = 'no_show')::int AS no_show,
           count(*) FILTER (WHERE b.status = 'cancelled')::int AS cancelled,
           count(*) FILTER (WHERE b.status = 'booked')::int AS booked
         FROM appointment_bookings b JOIN appointment_services s ON s.id = b.service_id
         WHERE b.account_id = $1 AND b.slot_start >= $2 AND b.slot_start < $3 AND b.open_id NOT LIKE 'sim\\_%'
         GROUP BY s.name ORDER BY total DESC, s.name`,
        [accountId, from, to],
      );
      return rows.map((r) => ({ service: r.service, total: r.total, checkedIn: r.checked_in, noShow: r.no_show, cancelled: r.cancelled, booked: r.booked }));
    },
    /** Citizens' messages in the period by the rule that answered them, most used first (the CASE keeps the id cast off other rules). */
    async rules(accountId: string, from: Date, to: Date, limit: number) {
      const { rows } = await db.query<{ rule: string; name: string | null; count: number }>(
        `SELECT coalesce(m.rule, 'none') AS rule, max(k.name) AS name, count(*)::int AS count FROM message_log m
         LEFT JOIN keyword_rules k ON k.account_id = m.account_id
           AND k.id = CASE WHEN m.rule ~ '^keyword:[0-9]{1,18}$' THEN substring(m.rule FROM 9)::bigint END
         WHERE m.account_id = $1 AND m.direction = 'in' AND NOT m.test AND m.created_at >= $2 AND m.created_at < $3
         GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT $4`,
        [accountId, from, to, limit],
      );
      return rows;
    },
  };
}

export type StatsRepository = ReturnType<typeof createStatsRepository>;
