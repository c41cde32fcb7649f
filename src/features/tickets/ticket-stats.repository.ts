import type { Db } from '../../infra/db.js';
import { scopeSql } from './ticket-rows.repository.js';
import type { TicketScope } from './tickets.types.js';

export interface StatsRow {
  total: number;
  byCategory: Record<string, number>;
  byStatus: Record<string, number>;
  byDepartment: Record<string, number>;
  /** Filed per month (YYYY-MM, Beijing time). */
  byMonth: Record<string, number>;
  closed: number;
  closedOnTime: number;
  rated: number;
  satisfied: number;
  counted: number;
  direct: number;
  replied: number;
  medianFirstReplySeconds: number | null;
}

/**
 * Figures over the tickets filed in [from, to). A ticket is closed on time when it
 * was closed on or before its due date (Beijing civil date); merged tickets are
 * left out of the direct-answer base, since their answer came with another ticket.
 */
export function createStatsRepository(db: Db) {
  return {
    async stats(accountId: string, from: Date, to: Date, scope: TicketScope): Promise<StatsRow> {
      const params: unknown[] = [accountId, from, to];
      // The simulator's test tickets are never counted.
      const where = `t.account_id = $1 AND NOT t.test AND t.created_at >= $2 AND t.created_at < $3 AND ${scopeSql(scope, params)}`;
      const { rows } = await db.query<Omit<StatsRow, 'byCategory' | 'byStatus' | 'byDepartment' | 'byMonth'>>(
        `SELECT count(*)::int AS total,
           count(*) FILTER (WHERE t.status = 'closed')::int AS closed,
           count(*) FILTER (WHERE t.status = 'closed' AND (t.closed_at AT TIME ZONE 'UTC' + interval '8 hours')::date <= t.due_date)::int AS "closedOnTime",
           count(t.rating)::int AS rated,
           count(*) FILTER (WHERE t.rating >= 4)::int AS satisfied,
           count(*) FILTER (WHERE t.status <> 'merged')::int AS counted,
           count(*) FILTER (WHERE t.status <> 'merged' AND t.direct_answer)::int AS direct,
           count(t.first_reply_at)::int AS replied,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.first_reply_at - t.created_at))
             FILTER (WHERE t.first_reply_at IS NOT NULL) AS "medianFirstReplySeconds"
         FROM tickets t WHERE ${where}`,
        params,
      );
      const group = async (expression: string) => {
        const { rows: g } = await db.query<{ k: string; n: number }>(`SELECT ${expression} AS k, count(*)::int AS n FROM tickets t WHERE ${where} GROUP BY 1 ORDER BY 1`, params);
        return Object.fromEntries(g.map((r) => [r.k, r.n]));
      };
      const row = rows[0]!;
      return {
        ...row,
        medianFirstReplySeconds: row.medianFirstReplySeconds === null ? null : Number(row.medianFirstReplySeconds),
        byCategory: await group('t.category'),
        byStatus: await group('t.status'),
        byDepartment: await group(`coalesce(t.department, '未派单')`),
        byMonth: await group(`to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`),
      };
    },
  };
}
