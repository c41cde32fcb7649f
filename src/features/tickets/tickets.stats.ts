import { addDays, cstDate, cstInstant } from '../../calendar/dates.js';
import { badRequest } from '../../lib/errors.js';
import type { createStatsRepository } from './ticket-stats.repository.js';
import type { TicketScope } from './tickets.types.js';

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/**
 * The figures 12345 desks report, over tickets filed between `from` and `to`
 * (Beijing dates, inclusive; default the last 30 days):
 * 按时办结率 = closed on time ÷ closed; 满意率 = ratings 4–5 ÷ rated;
 * 直接答复率 = answered before any dispatch ÷ tickets (merged ones excluded);
 * and the median time from filing to the first reply.
 */
export async function ticketStats(repo: ReturnType<typeof createStatsRepository>, accountId: string, query: { from?: string; to?: string }, scope: TicketScope, now: Date) {
  const to = query.to ?? cstDate(now);
  const from = query.from ?? addDays(to, -29);
  if (from > to) throw badRequest('from', 'from must not be after to');
  const s = await repo.stats(accountId, cstInstant(from), cstInstant(addDays(to, 1)), scope);
  return {
    from,
    to,
    total: s.total,
    byCategory: s.byCategory,
    byStatus: s.byStatus,
    byDepartment: s.byDepartment,
    byMonth: s.byMonth,
    onTime: { label: '按时办结率', closedOnTime: s.closedOnTime, closed: s.closed, rate: rate(s.closedOnTime, s.closed) },
    satisfaction: { label: '满意率', satisfied: s.satisfied, rated: s.rated, rate: rate(s.satisfied, s.rated) },
    directAnswer: { label: '直接答复率', direct: s.direct, total: s.counted, rate: rate(s.direct, s.counted) },
    firstReply: { label: '首次答复用时中位数', replied: s.replied, medianSeconds: s.medianFirstReplySeconds },
  };
}
