import type { Logger } from 'pino';
import { addDays, cstDate } from '../../calendar/dates.js';
import type { CalendarService } from '../../calendar/calendar.service.js';
import type { TicketSettings } from './ticket-settings.repository.js';
import type { TicketRepository } from './tickets.repository.js';
import { DEFAULT_DEADLINES, FINAL_STATUSES, type Category, type Ticket } from './tickets.types.js';

export interface DeadlineState {
  overdue: boolean;
  /** Due within one working day (the T-1 warning of 12345 practice). */
  dueSoon: boolean;
}

export const deadlinesOf = (settings: TicketSettings): Record<Category, number> => ({ ...DEFAULT_DEADLINES, ...settings.deadlines });

/**
 * Deadlines in working days on the account's holiday calendar, counted from the day
 * after filing ("自收到之日起"); 0 means the same day (应急).
 */
export class Deadlines {
  constructor(private readonly calendar: CalendarService) {}

  async dueDate(accountId: string, filedOn: string, workingDays: number): Promise<string> {
    return workingDays <= 0 ? filedOn : this.calendar.addWorkingDays(accountId, filedOn, workingDays);
  }

  async state(ticket: Pick<Ticket, 'accountId' | 'status' | 'dueDate'>, now: Date): Promise<DeadlineState> {
    if (FINAL_STATUSES.includes(ticket.status)) return { overdue: false, dueSoon: false };
    const today = cstDate(now);
    if (today > ticket.dueDate) return { overdue: true, dueSoon: false };
    return { overdue: false, dueSoon: (await this.calendar.workingDaysBetween(ticket.accountId, today, ticket.dueDate)) <= 1 };
  }
}

/** Longest stretch of non-working days looked ahead for "due within one working day" (春节 plus a weekend). */
const LOOKAHEAD_DAYS = 15;

/**
 * The periodic check: records an internal `due_soon` warning one working day
 * before the deadline and an `overdue` event once it has passed, each once per ticket.
 */
export async function checkDeadlines(repo: TicketRepository, deadlines: Deadlines, now: Date, log: Logger): Promise<{ dueSoon: number; overdue: number }> {
  const counts = { dueSoon: 0, overdue: 0 };
  for (const ticket of await repo.openDueBy(addDays(cstDate(now), LOOKAHEAD_DAYS))) {
    const state = await deadlines.state(ticket, now);
    const action = state.overdue ? 'overdue' : state.dueSoon ? 'due_soon' : undefined;
    if (!action) continue;
    const recorded = await repo.addWarningOnce(ticket.accountId, ticket.id, { action, actor: 'system', visibility: 'internal', detail: { dueDate: ticket.dueDate } });
    if (recorded) {
      counts[action === 'overdue' ? 'overdue' : 'dueSoon']++;
      log.info({ account: ticket.accountId, ticket: ticket.ticketNo, action }, 'ticket deadline warning');
    }
  }
  return counts;
}
