import { describe, expect, it } from 'vitest';
import { transition, type TicketAction } from '../../../src/features/tickets/tickets.state.js';
import { STATUSES, type Status } from '../../../src/features/tickets/tickets.types.js';

/** The legal moves, written out by hand: everything else must be refused. */
const LEGAL: Record<TicketAction, Partial<Record<Status, Status>>> = {
  assign: { accepted: 'dispatched', dispatched: 'dispatched', awaiting_info: 'awaiting_info', replied: 'dispatched', reopened: 'dispatched', returned: 'dispatched' },
  reply: { accepted: 'replied', dispatched: 'replied', awaiting_info: 'replied', replied: 'replied', reopened: 'replied', returned: 'replied' },
  request_info: { accepted: 'awaiting_info', dispatched: 'awaiting_info', replied: 'awaiting_info', reopened: 'awaiting_info', returned: 'awaiting_info' },
  info_received: { awaiting_info: 'dispatched' },
  close: { replied: 'closed' },
  reopen: { closed: 'reopened' },
  merge: { accepted: 'merged', dispatched: 'merged', awaiting_info: 'merged', replied: 'merged', reopened: 'merged', returned: 'merged' },
  return: { dispatched: 'returned', reopened: 'returned' },
  reject: { accepted: 'rejected', returned: 'rejected' },
};

describe('ticket state machine', () => {
  const cases = (Object.keys(LEGAL) as TicketAction[]).flatMap((action) => STATUSES.map((status) => [action, status] as const));

  it.each(cases)('when %s is asked in status %s then only the listed moves are allowed, others refused with a reason', (action, status) => {
    const outcome = transition(status, 'dispatched', action);
    const expected = LEGAL[action][status];
    if (expected) {
      expect(outcome).toMatchObject({ ok: true, move: { status: expected } });
    } else {
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? '' : outcome.reason).toMatch(/\w{4,}/);
    }
  });

  it('when information is requested then the ticket remembers where to return, and returns there when it arrives', () => {
    const asked = transition('replied', null, 'request_info');
    expect(asked).toEqual({ ok: true, move: { status: 'awaiting_info', resumeStatus: 'replied' } });
    expect(transition('awaiting_info', 'replied', 'info_received')).toEqual({ ok: true, move: { status: 'replied', resumeStatus: null } });
    expect(transition('awaiting_info', null, 'assign')).toEqual({ ok: true, move: { status: 'awaiting_info', resumeStatus: 'dispatched' } });
  });
});
