/**
 * WeChat's 群发 quota (wechat-reach.md §1.1): a 服务号 may send to all followers 4 times a
 * natural month (web and API together; tag sends are not limited, but each follower gets at
 * most 4 a month and WeChat filters the rest); a 公众号 (原订阅号) may 群发 once a day, to all
 * or to one tag. Counted in China Standard Time.
 */
export interface Quota {
  accountType: 'service' | 'subscription';
  period: 'month' | 'day';
  limit: number;
  used: number;
  remaining: number;
  /** When the count starts again. */
  resetsAt: Date;
}

const CST_MS = 8 * 3600_000;

export function quotaPeriod(accountType: 'service' | 'subscription', now: Date): { period: 'month' | 'day'; limit: number; start: Date; end: Date } {
  const cst = new Date(now.getTime() + CST_MS);
  const y = cst.getUTCFullYear();
  const m = cst.getUTCMonth();
  const d = cst.getUTCDate();
  if (accountType === 'service') {
    return { period: 'month', limit: 4, start: new Date(Date.UTC(y, m, 1) - CST_MS), end: new Date(Date.UTC(y, m + 1, 1) - CST_MS) };
  }
  return { period: 'day', limit: 1, start: new Date(Date.UTC(y, m, d) - CST_MS), end: new Date(Date.UTC(y, m, d + 1) - CST_MS) };
}

export function quotaOf(accountType: 'service' | 'subscription', used: number, now: Date): Quota {
  const p = quotaPeriod(accountType, now);
  return { accountType, period: p.period, limit: p.limit, used, remaining: Math.max(0, p.limit - used), resetsAt: p.end };
}

export function quotaRefusal(q: Quota): string {
  const kind = q.accountType === 'service' ? '服务号每月可向全部关注者群发 4 次' : '公众号每天可群发 1 次';
  const when = q.period === 'month' ? '本月' : '今天';
  return `${when}的群发次数已用完（${kind}，已用 ${q.used} 次），请在额度恢复后再发送`;
}
