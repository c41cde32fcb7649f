import type { Category, Status, Ticket, TicketLocation, TicketScope } from './tickets.types.js';

/** The ticket row: the columns every ticket query selects, its mapping, and the operator-scope condition. */

export const COLUMNS = `t.id, t.account_id, t.ticket_no, t.category, t.status, t.resume_status, t.channel, t.content, t.location,
  t.open_id_enc, t.anonymous, t.confidential, t.name_enc, t.phone_enc, t.contact_masked, t.department,
  to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.first_reply_at, t.direct_answer, t.closed_at, t.rating, t.rated_at,
  t.merged_into, t.pending_extension, t.origin_account_id, to_char(t.original_due_date, 'YYYY-MM-DD') AS original_due_date, t.created_at, t.updated_at,
  (SELECT count(*) FROM ticket_attachments a WHERE a.ticket_id = t.id) AS attachment_count`;

export type Row = Record<string, unknown>;

export const toTicket = (r: Row): Ticket => ({
  id: Number(r.id),
  accountId: r.account_id as string,
  ticketNo: r.ticket_no as string,
  category: r.category as Category,
  status: r.status as Status,
  resumeStatus: (r.resume_status as Status | null) ?? null,
  channel: r.channel as string,
  content: r.content as string,
  location: (r.location as TicketLocation | null) ?? null,
  openIdEnc: (r.open_id_enc as string | null) ?? null,
  anonymous: r.anonymous as boolean,
  confidential: r.confidential as boolean,
  nameEnc: (r.name_enc as string | null) ?? null,
  phoneEnc: (r.phone_enc as string | null) ?? null,
  contactMasked: (r.contact_masked as Ticket['contactMasked']) ?? null,
  department: (r.department as string | null) ?? null,
  dueDate: r.due_date as string,
  firstReplyAt: (r.first_reply_at as Date | null) ?? null,
  directAnswer: (r.direct_answer as boolean | null) ?? null,
  closedAt: (r.closed_at as Date | null) ?? null,
  rating: (r.rating as number | null) ?? null,
  ratedAt: (r.rated_at as Date | null) ?? null,
  mergedInto: r.merged_into == null ? null : Number(r.merged_into),
  originAccountId: (r.origin_account_id as string | null) ?? null,
  pendingExtension: (r.pending_extension as Ticket['pendingExtension']) ?? null,
  originalDueDate: (r.original_due_date as string | null) ?? null,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
  attachmentCount: Number(r.attachment_count ?? 0),
});

/** SQL condition limiting tickets (alias t) to an operator's scope; appends its values to `params`. */
export function scopeSql(scope: TicketScope, params: unknown[]): string {
  if (scope.all) return 'true';
  params.push(scope.department ?? null, scope.emergency);
  const d = params.length - 1;
  return `((t.category <> '应急' AND t.department = $${d}) OR (t.category = '应急' AND $${d + 1}::boolean))`;
}
