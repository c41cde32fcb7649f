import { maskPiiInText } from '../../lib/mask.js';
import type { DeadlineState } from './tickets.deadlines.js';
import { STATUS_LABELS, type Attachment, type Ticket, type TicketEvent, type TicketScope } from './tickets.types.js';

/**
 * A ticket as operators see it: personal data masked, the reporter hidden entirely
 * on confidential tickets (举报) from anyone but an admin. Phone and ID numbers the
 * citizen typed into the text are masked too. Clear values only through the audited
 * reveal route.
 */
export function adminView(ticket: Ticket, deadline: DeadlineState, scope: TicketScope, full = false) {
  const hidden = ticket.confidential && !scope.all;
  return {
    id: ticket.id,
    ticketNo: ticket.ticketNo,
    category: ticket.category,
    status: ticket.status,
    statusLabel: STATUS_LABELS[ticket.status].label,
    publicStatus: STATUS_LABELS[ticket.status].public,
    channel: ticket.channel,
    department: ticket.department,
    content: maskPiiInText(full || ticket.content.length <= 200 ? ticket.content : `${ticket.content.slice(0, 200)}…`),
    location: ticket.location,
    anonymous: ticket.anonymous,
    confidential: ticket.confidential,
    contact: ticket.anonymous || hidden || !ticket.contactMasked ? null : ticket.contactMasked,
    contactHidden: hidden && Boolean(ticket.contactMasked),
    dueDate: ticket.dueDate,
    originalDueDate: ticket.originalDueDate,
    pendingExtension: ticket.pendingExtension,
    overdue: deadline.overdue,
    dueSoon: deadline.dueSoon,
    attachments: ticket.attachmentCount,
    rating: ticket.rating,
    firstReplyAt: ticket.firstReplyAt,
    directAnswer: ticket.directAnswer,
    closedAt: ticket.closedAt,
    mergedInto: ticket.mergedInto,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
  };
}

/** Text in an event (a citizen's supplement, a reply) is masked like the ticket's content. */
const maskDetail = (detail: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, typeof v === 'string' ? maskPiiInText(v) : v]));

export const eventView = (e: TicketEvent) => ({ id: e.id, action: e.action, actor: e.actor, visibility: e.visibility, detail: maskDetail(e.detail), at: e.createdAt });
export const attachmentView = (ticketId: number) => (a: Attachment) => ({ ...a, url: `/admin/api/tickets/${ticketId}/attachments/${a.id}` });
