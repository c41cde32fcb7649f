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

  /** `dueSoonDays`: how many working days before the deadline a ticket counts as due soon (督办 setting). */
  async state(ticket: Pick<Ticket, 'accountId' | 'status' | 'dueDate'>, now: Date, dueSoonDays = 1): Promise<DeadlineState> {
    if (FINAL_STATUSES.includes(ticket.status)) return { overdue: false, dueSoon: false };
    const today = cstDate(now);
    if (today > ticket.dueDate) return { overdue: true, dueSoon: false };
    return { overdue: false, dueSoon: (await this.calendar.workingDaysBetween(ticket.accountId, today, ticket.dueDate)) <= dueSoonDays };
  }
}

/** Calendar days looked ahead: up to ten working days of warning across 春节 and weekends. */
const LOOKAHEAD_DAYS = 30;

export interface WarningHooks {
  /** Working days before the deadline that count as due soon, per account (default 1). */
  dueSoonDays?(accountId: string): Promise<number>;
  /** Called once per warning recorded: the notice to people (督办). */
  onWarning?(ticket: Ticket, warning: 'due_soon' | 'overdue'): Promise<unknown>;
}

/**
 * The periodic check: records an internal `due_soon` warning within the warning window
 * (one working day unless 督办 settings say otherwise) and an `overdue` event once the
 * deadline has passed, each once per ticket, and hands each new warning to `onWarning`.
 */
export async function checkDeadlines(repo: TicketRepository, deadlines: Deadlines, now: Date, log: Logger, hooks: WarningHooks = {}): Promise<{ dueSoon: number; overdue: number }> {
  const counts = { dueSoon: 0, overdue: 0 };
  const windows = new Map<string, Promise<number>>();
  const windowOf = (accountId: string) => {
    if (!hooks.dueSoonDays) return Promise.resolve(1);
    if (!windows.has(accountId)) windows.set(accountId, hooks.dueSoonDays(accountId));
    return windows.get(accountId)!;
  };
  for (const ticket of await repo.openDueBy(addDays(cstDate(now), LOOKAHEAD_DAYS))) {
    const state = await deadlines.state(ticket, now, await windowOf(ticket.accountId));
    const action = state.overdue ? 'overdue' : state.dueSoon ? 'due_soon' : undefined;
    if (!action) continue;
    const recorded = await repo.addWarningOnce(ticket.accountId, ticket.id, { action, actor: 'system', visibility: 'internal', detail: { dueDate: ticket.dueDate } });
    if (recorded) {
      counts[action === 'overdue' ? 'overdue' : 'dueSoon']++;
      log.info({ account: ticket.accountId, ticket: ticket.ticketNo, action }, 'ticket deadline warning');
      if (hooks.onWarning) {
        await hooks.onWarning(ticket, action).catch((err: Error) => log.error({ err, ticket: ticket.ticketNo }, 'supervision notice failed'));
      }
    }
  }
  return counts;
}
