import type { Logger } from 'pino';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors.js';
import type { SessionStore } from '../../session/session-store.js';
import type { SettingsRepository } from './ticket-settings.repository.js';
import type { CitizenNotifier, Delivery } from './tickets.notify.js';
import type { EventInput, TicketPatch, TicketRepository } from './tickets.repository.js';
import { transition, type TicketAction } from './tickets.state.js';
import { statusNotice, texts } from './tickets.texts.js';
import { canSee, citizenAccountOf, type OperatorView, type Ticket, type TicketScope } from './tickets.types.js';

/** How long a citizen may answer a request for information or rate, in seconds. */
export const CITIZEN_STEP_TTL = 3 * 24 * 3600;

export type ActionInput =
  | { action: 'assign'; department: string; note?: string }
  | { action: 'reply'; content: string }
  | { action: 'request_info'; question: string }
  | { action: 'close'; note?: string }
  | { action: 'reopen'; reason?: string }
  | { action: 'merge'; into: number };

export interface ActionResult {
  ticket: Ticket;
  notification?: Delivery;
}

interface Deps {
  repo: TicketRepository;
  settings: SettingsRepository;
  notifier: CitizenNotifier;
  sessions: SessionStore;
  log: Logger;
}

/** Operators' moves on a ticket: state machine, events with actor and visibility, then the citizen is told. */
export class TicketActions {
  constructor(private readonly deps: Deps) {}

  async visible(accountId: string, id: number, scope: TicketScope): Promise<Ticket> {
    const ticket = await this.deps.repo.get(accountId, id);
    // Out of scope looks like absent: a handler learns nothing about other departments' tickets.
    if (!ticket || !canSee(scope, ticket)) throw notFound('ticket');
    return ticket;
  }

  async perform(accountId: string, id: number, operator: OperatorView, scope: TicketScope, input: ActionInput): Promise<ActionResult> {
    const ticket = await this.visible(accountId, id, scope);
    const outcome = transition(ticket.status, ticket.resumeStatus, input.action as TicketAction);
    if (!outcome.ok) throw conflict(`${input.action}: ${outcome.reason}`);
    const patch: TicketPatch = { ...outcome.move };
    const events: EventInput[] = [];
    const actor = operator.name;
    let target: Ticket | undefined;
    switch (input.action) {
      case 'assign': {
        const { departments } = await this.deps.settings.get(accountId);
        if (departments.length > 0 && !departments.includes(input.department)) {
          throw badRequest('department', `department must be one of: ${departments.join(', ')}`);
        }
        if (ticket.department === input.department && ticket.status === 'dispatched') throw conflict(`assign: the ticket is already with ${input.department}`);
        patch.department = input.department;
        events.push({ action: 'assign', actor, visibility: 'public', detail: { department: input.department, from: ticket.department } });
        if (input.note) events.push({ action: 'note', actor, visibility: 'internal', detail: { content: input.note } });
        break;
      }
      case 'reply':
        patch.firstReply = true;
        events.push({ action: 'reply', actor, visibility: 'public', detail: { content: input.content } });
        break;
      case 'request_info':
        events.push({ action: 'request_info', actor, visibility: 'public', detail: { question: input.question } });
        break;
      case 'close':
        patch.closedAt = new Date();
        events.push({ action: 'close', actor, visibility: 'public', detail: {} });
        if (input.note) events.push({ action: 'note', actor, visibility: 'internal', detail: { content: input.note } });
        break;
      case 'reopen':
        patch.closedAt = null;
        events.push({ action: 'reopen', actor, visibility: 'public', detail: { reason: input.reason ?? '' } });
        break;
      case 'merge': {
        if (input.into === ticket.id) throw conflict('merge: a ticket cannot be merged into itself');
        target = await this.deps.repo.get(accountId, input.into);
        if (!target || !canSee(scope, target)) throw badRequest('into', 'into must be a ticket you can see');
        if (target.status === 'merged' || target.status === 'closed') throw conflict(`merge: the target ticket is ${target.status}`);
        patch.mergedInto = target.id;
        events.push({ action: 'merge', actor, visibility: 'public', detail: { into: target.id, intoNo: target.ticketNo } });
        break;
      }
    }
    const updated = await this.deps.repo.update(accountId, id, ticket.status, patch, events);
    if (!updated) throw conflict(`${input.action}: the ticket was changed by someone else meanwhile; reload and retry`);
    if (target) await this.deps.repo.addEvents(accountId, target.id, [{ action: 'merged_in', actor, visibility: 'internal', detail: { from: updated.id, fromNo: updated.ticketNo } }]);
    const notification = await this.tell(ticket, updated, input, target);
    return { ticket: updated, notification };
  }

  /** Internal note: no status change, never shown to the citizen. */
  async note(accountId: string, id: number, operator: OperatorView, scope: TicketScope, content: string): Promise<void> {
    const ticket = await this.visible(accountId, id, scope);
    await this.deps.repo.addEvents(accountId, ticket.id, [{ action: 'note', actor: operator.name, visibility: 'internal', detail: { content } }]);
  }

  private async tell(before: Ticket, ticket: Ticket, input: ActionInput, target?: Ticket): Promise<Delivery | undefined> {
    const { notifier } = this.deps;
    switch (input.action) {
      case 'assign':
        if (before.status === ticket.status) return undefined;
        return notifier.notify(ticket, statusNotice(ticket, `您的诉求已转交${input.department}办理。`), `已转交${input.department}办理`);
      case 'reply': {
        const delivery = await notifier.notify(ticket, statusNotice(ticket, `答复：${input.content}`), input.content.slice(0, 100));
        for (const follower of await this.deps.repo.mergedInto(ticket.accountId, ticket.id)) {
          const key = `m${ticket.id}-${ticket.updatedAt.getTime()}`;
          await notifier.notify(follower, statusNotice(follower, `（与工单${ticket.ticketNo}合并办理）答复：${input.content}`), input.content.slice(0, 100), key);
        }
        return delivery;
      }
      case 'request_info': {
        const live = await this.offerStep(ticket, 'ticket.info');
        return notifier.notify(ticket, texts.infoAsk(ticket, input.question, live), `请补充：${input.question}`.slice(0, 100));
      }
      case 'close': {
        const live = await this.offerStep(ticket, 'rating.await');
        return notifier.notify(ticket, statusNotice(ticket, live ? texts.ratingAsk : texts.ratingLater), '已办结，欢迎回复数字评价');
      }
      case 'reopen':
        return notifier.notify(ticket, statusNotice(ticket, '您的诉求已重新办理。'), '已重新办理');
      case 'merge':
        return notifier.notify(ticket, statusNotice(ticket, `您的诉求与工单${target?.ticketNo ?? ''}反映的问题相同，已合并办理，答复将一并告知您。`), '已合并办理');
    }
  }

  /**
   * Lets the citizen's next message answer this ticket (request-info) or rate it,
   * unless they are in the middle of another flow: one conversation state per citizen.
   */
  private async offerStep(ticket: Ticket, step: string): Promise<boolean> {
    const openId = this.deps.notifier.openIdOf(ticket);
    if (!openId) return false;
    try {
      const current = await this.deps.sessions.get(citizenAccountOf(ticket), openId);
      if (current && !current.step.startsWith('rating.') && current.step !== 'ticket.info') return false;
      await this.deps.sessions.set(citizenAccountOf(ticket), openId, { step, data: { ticketId: ticket.id }, updatedAt: Date.now() }, CITIZEN_STEP_TTL);
      return true;
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'session store unavailable; citizen asked to reply with a keyword');
      return false;
    }
  }
}

export const forbidden = (message: string) => new AppError(403, 'FORBIDDEN', message);
