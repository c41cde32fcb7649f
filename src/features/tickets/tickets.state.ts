import type { Status } from './tickets.types.js';

/**
 * The ticket state machine, after the 12345 closed loop (受理 → 派单 → 办理 → 答复
 * → 办结 → 回访/评价 → 重办), with 退单 (return to the dispatcher) and 不予受理 (reject).
 * Every move not listed here is refused with a reason.
 */
export type TicketAction = 'assign' | 'reply' | 'request_info' | 'info_received' | 'close' | 'reopen' | 'merge' | 'return' | 'reject';

export interface Move {
  status: Status;
  /** Where a ticket waiting for the citizen's information returns once it arrives. */
  resumeStatus: Status | null;
}

export type Outcome = { ok: true; move: Move } | { ok: false; reason: string };

const ALLOWED: Record<TicketAction, Status[]> = {
  assign: ['accepted', 'dispatched', 'awaiting_info', 'replied', 'reopened', 'returned'],
  reply: ['accepted', 'dispatched', 'awaiting_info', 'replied', 'reopened', 'returned'],
  request_info: ['accepted', 'dispatched', 'replied', 'reopened', 'returned'],
  info_received: ['awaiting_info'],
  close: ['replied'],
  reopen: ['closed'],
  merge: ['accepted', 'dispatched', 'awaiting_info', 'replied', 'reopened', 'returned'],
  // Only the department a ticket was sent to can give it back, before it answered.
  return: ['dispatched', 'reopened'],
  // 不予受理 is decided at acceptance: before a department works on it, or after it came back.
  reject: ['accepted', 'returned'],
};

function refusal(action: TicketAction, status: Status): string {
  if (status === 'merged') return 'the ticket was merged into another ticket; act on that one';
  if (status === 'rejected') return 'the ticket was not accepted (不予受理); nothing more is done on it';
  if (action === 'return') return status === 'returned' ? 'the ticket was already returned to the dispatcher' : `only a ticket dispatched to a department can be returned, not one in status ${status}`;
  if (action === 'reject') return `不予受理 is decided before a department handles the ticket, not in status ${status}`;
  if (action === 'close') return status === 'closed' ? 'the ticket is already closed' : 'a ticket is closed only after a reply to the citizen';
  if (action === 'reopen') return 'only a closed ticket can be reopened';
  if (action === 'request_info' && status === 'awaiting_info') return 'the ticket is already waiting for information from the citizen';
  if (action === 'info_received') return 'the ticket is not waiting for information';
  if (status === 'closed') return 'the ticket is closed; reopen it first';
  return `cannot ${action.replace('_', ' ')} a ticket in status ${status}`;
}

export function transition(current: Status, resume: Status | null, action: TicketAction): Outcome {
  if (!ALLOWED[action].includes(current)) return { ok: false, reason: refusal(action, current) };
  switch (action) {
    case 'assign':
      // A ticket waiting for the citizen keeps waiting; it resumes at the new department.
      return { ok: true, move: current === 'awaiting_info' ? { status: 'awaiting_info', resumeStatus: 'dispatched' } : { status: 'dispatched', resumeStatus: null } };
    case 'request_info':
      return { ok: true, move: { status: 'awaiting_info', resumeStatus: current } };
    case 'info_received':
      return { ok: true, move: { status: resume ?? 'accepted', resumeStatus: null } };
    case 'reply':
      return { ok: true, move: { status: 'replied', resumeStatus: null } };
    case 'close':
      return { ok: true, move: { status: 'closed', resumeStatus: null } };
    case 'reopen':
      return { ok: true, move: { status: 'reopened', resumeStatus: null } };
    case 'merge':
      return { ok: true, move: { status: 'merged', resumeStatus: null } };
    case 'return':
      return { ok: true, move: { status: 'returned', resumeStatus: null } };
    case 'reject':
      return { ok: true, move: { status: 'rejected', resumeStatus: null } };
  }
}
