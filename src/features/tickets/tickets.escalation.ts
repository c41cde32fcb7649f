import { AppError, badRequest, conflict } from '../../lib/errors.js';
import { cstDate } from '../../calendar/dates.js';
import type { EscalationRepository } from './ticket-escalations.repository.js';
import { forbidden, type TicketActions } from './tickets.actions.js';
import type { CitizenNotifier, Delivery } from './tickets.notify.js';
import { transition } from './tickets.state.js';
import { statusNotice } from './tickets.texts.js';
import type { OperatorView, Ticket, TicketScope } from './tickets.types.js';

interface Deps {
  repo: EscalationRepository;
  actions: TicketActions;
  notifier: CitizenNotifier;
}

export interface EscalationResult {
  ticket: Ticket;
  notification: Delivery | null;
}

const stale = (what: string) => conflict(`${what}: the ticket was changed by someone else meanwhile; reload and retry`);

/** A handler acts for the department holding the ticket; an admin acts for anyone. */
function holdsTicket(operator: OperatorView, scope: TicketScope, ticket: Ticket): boolean {
  if (scope.all) return true;
  return operator.roles.includes('handler') && ticket.department !== null && ticket.department === operator.department;
}

/**
 * 延期, 退单 and 不予受理, after the 12345 practice:
 * - 延期: the handler asks with a reason and a new date; an admin approves; the citizen
 *   hears the new date. On-time counting then uses the approved date.
 * - 退单: the department returns a ticket sent to it by mistake; the dispatcher sends it
 *   on. The clock does not stop: the ticket keeps its deadline from filing.
 * - 不予受理: an admin ends the ticket with a reason the citizen reads.
 */
export class TicketEscalations {
  constructor(private readonly deps: Deps) {}

  async requestExtension(accountId: string, id: number, operator: OperatorView, scope: TicketScope, input: { reason: string; dueDate: string }): Promise<EscalationResult> {
    const ticket = await this.deps.actions.visible(accountId, id, scope);
    if (!holdsTicket(operator, scope, ticket)) throw forbidden('an extension is asked by the department handling the ticket');
    this.checkOpen(ticket, 'extend');
    if (ticket.pendingExtension) throw conflict('extend: an extension request is already waiting for approval');
    if (input.dueDate <= ticket.dueDate) throw badRequest('dueDate', `dueDate must be after the current deadline ${ticket.dueDate}`);
    const request = { reason: input.reason, dueDate: input.dueDate, by: operator.name, at: new Date().toISOString() };
    const updated = await this.deps.repo.requestExtension(accountId, id, request, [
      { action: 'extend_requested', actor: operator.name, visibility: 'internal', detail: { reason: input.reason, dueDate: input.dueDate, from: ticket.dueDate } },
    ]);
    if (!updated) throw stale('extend');
    return { ticket: updated, notification: null };
  }

  async approveExtension(accountId: string, id: number, operator: OperatorView, scope: TicketScope): Promise<EscalationResult> {
    if (!scope.all) throw forbidden('an extension is approved by an admin');
    const ticket = await this.deps.actions.visible(accountId, id, scope);
    this.checkOpen(ticket, 'extend/approve');
    const request = ticket.pendingExtension;
    if (!request) throw conflict('extend/approve: no extension request is waiting for approval');
    const updated = await this.deps.repo.approveExtension(accountId, id, request.dueDate, [
      { action: 'extend', actor: operator.name, visibility: 'public', detail: { reason: request.reason, dueDate: request.dueDate, from: ticket.dueDate, requestedBy: request.by } },
    ]);
    if (!updated) throw stale('extend/approve');
    const notification = await this.deps.notifier.notify(
      updated,
      statusNotice(updated, `因${request.reason}，经审批，答复期限延长至${request.dueDate}。`),
      `答复期限延长至${request.dueDate}`,
    );
    return { ticket: updated, notification };
  }

  async returnTicket(accountId: string, id: number, operator: OperatorView, scope: TicketScope, reason: string): Promise<EscalationResult> {
    const ticket = await this.deps.actions.visible(accountId, id, scope);
    if (!holdsTicket(operator, scope, ticket)) throw forbidden('a ticket is returned by the department it was dispatched to');
    const outcome = transition(ticket.status, ticket.resumeStatus, 'return');
    if (!outcome.ok) throw conflict(`return: ${outcome.reason}`);
    const updated = await this.deps.repo.returnToDispatcher(accountId, id, ticket.status, [
      { action: 'return', actor: operator.name, visibility: 'internal', detail: { reason, department: ticket.department } },
    ]);
    if (!updated) throw stale('return');
    // The citizen's ticket is still being handled (办理中): nothing to tell them yet.
    return { ticket: updated, notification: null };
  }

  async reject(accountId: string, id: number, operator: OperatorView, scope: TicketScope, reason: string): Promise<EscalationResult> {
    if (!scope.all) throw forbidden('不予受理 is decided by an admin');
    const ticket = await this.deps.actions.visible(accountId, id, scope);
    const outcome = transition(ticket.status, ticket.resumeStatus, 'reject');
    if (!outcome.ok) throw conflict(`reject: ${outcome.reason}`);
    const updated = await this.deps.repo.reject(accountId, id, ticket.status, [
      { action: 'reject', actor: operator.name, visibility: 'public', detail: { reason } },
    ]);
    if (!updated) throw stale('reject');
    const notification = await this.deps.notifier.notify(updated, statusNotice(updated, `经审核，您的诉求不予受理。理由：${reason}`), `不予受理：${reason}`.slice(0, 100));
    return { ticket: updated, notification };
  }

  private checkOpen(ticket: Ticket, what: string): void {
    if (['closed', 'merged', 'rejected'].includes(ticket.status)) throw conflict(`${what}: the ticket is ${ticket.status}; its deadline no longer runs`);
  }
}

/** A date the citizen can read, not before today. */
export function checkNewDate(value: string, now: Date): void {
  if (value < cstDate(now)) throw new AppError(400, 'VALIDATION', 'dueDate must not be in the past', 'dueDate');
}
