import { api, unwrap } from './client.js';

/** The outcome of a notice to the citizen (the ticket's latest `notify` event). */
export interface Notice {
  channel: 'custom' | 'template' | 'none';
  delivered: boolean;
  reason?: string;
  at?: string;
}

export interface TicketItem {
  id: number;
  ticketNo: string;
  category: string;
  status: string;
  statusLabel: string;
  department: string | null;
  content: string;
  anonymous: boolean;
  confidential: boolean;
  contact: { name?: string; phone?: string } | null;
  contactHidden: boolean;
  dueDate: string;
  overdue: boolean;
  dueSoon: boolean;
  attachments: number;
  rating: number | null;
  mergedInto: number | null;
  createdAt: string;
  updatedAt: string;
  lastNotice: Notice | null;
  /** Filed by a simulator citizen (lists only). */
  test?: boolean;
}

export interface TicketEvent {
  id: number;
  action: string;
  actor: string;
  visibility: 'public' | 'internal';
  detail: Record<string, unknown>;
  at: string;
}

export interface TicketDetail extends TicketItem {
  events: TicketEvent[];
  attachmentList: Array<{ id: number; kind: string; url: string }>;
}

export interface TicketFilter {
  status?: string;
  category?: string;
  department?: string;
  overdue?: boolean;
  dueSoon?: boolean;
  undelivered?: boolean;
  q?: string;
  includeTest?: boolean;
  limit?: number;
  offset?: number;
}

export const CATEGORIES = ['咨询', '求助', '投诉', '建议', '举报', '应急'];
export const STATUS_NAMES: Record<string, string> = {
  accepted: '已受理',
  dispatched: '已派单',
  awaiting_info: '待补充信息',
  replied: '已答复',
  closed: '已办结',
  reopened: '重办',
  merged: '已并单',
};

const path = (id: number) => ({ params: { path: { id } } });
type Acted = TicketItem & { notification: Notice | null };

export const ticketApi = {
  list: (query: TicketFilter) => unwrap<{ items: TicketItem[]; total: number }>(api.GET('/admin/api/tickets', { params: { query: query as never } })),
  get: (id: number) => unwrap<TicketDetail>(api.GET('/admin/api/tickets/{id}', path(id))),
  settings: () => unwrap<{ departments: string[]; statusTemplateId: string | null }>(api.GET('/admin/api/tickets/settings')),
  setStatusTemplate: (statusTemplateId: string) => unwrap(api.PUT('/admin/api/tickets/settings', { body: { statusTemplateId } })),
  reply: (id: number, content: string) => unwrap<Acted>(api.POST('/admin/api/tickets/{id}/reply', { ...path(id), body: { content } })),
  assign: (id: number, department: string) => unwrap<Acted>(api.POST('/admin/api/tickets/{id}/assign', { ...path(id), body: { department } })),
  requestInfo: (id: number, question: string) => unwrap<Acted>(api.POST('/admin/api/tickets/{id}/request-info', { ...path(id), body: { question } })),
  close: (id: number) => unwrap<Acted>(api.POST('/admin/api/tickets/{id}/close', { ...path(id), body: {} as never })),
  reopen: (id: number, reason: string) => unwrap<Acted>(api.POST('/admin/api/tickets/{id}/reopen', { ...path(id), body: { reason } as never })),
  merge: (id: number, into: number) => unwrap<Acted>(api.POST('/admin/api/tickets/{id}/merge', { ...path(id), body: { into } })),
  reveal: (id: number, reason: string) =>
    unwrap<{ name: string | null; phone: string | null; content: string }>(api.POST('/admin/api/tickets/{id}/reveal', { ...path(id), body: { reason } })),
};

/** The end of the due date (23:59:59 China Standard Time). */
export function deadlineOf(dueDate: string): Date {
  return new Date(`${dueDate}T23:59:59+08:00`);
}

/** "剩 3 天", "剩 5 小时", "已超期 2 天": the time left to the deadline in words, and how urgent it is. */
export function countdown(ticket: Pick<TicketItem, 'dueDate' | 'status'>, now = new Date()): { text: string; type: 'danger' | 'warning' | 'info' | 'success' } {
  if (ticket.status === 'closed' || ticket.status === 'merged') return { text: '已结束', type: 'success' };
  const ms = deadlineOf(ticket.dueDate).getTime() - now.getTime();
  const hours = Math.floor(Math.abs(ms) / 3_600_000);
  if (ms < 0) return { text: hours < 24 ? `已超期 ${Math.max(hours, 1)} 小时` : `已超期 ${Math.floor(hours / 24)} 天`, type: 'danger' };
  if (hours < 24) return { text: `剩 ${hours} 小时`, type: 'warning' };
  return { text: `剩 ${Math.floor(hours / 24)} 天`, type: 'info' };
}

export function noticeText(notice: Notice | null | undefined): string {
  if (!notice) return '未通知';
  if (notice.delivered) return notice.channel === 'template' ? '已送达（模板消息）' : '已送达';
  return '未送达';
}

/** Why a notice did not arrive, in words an operator can act on. */
export function noticeReason(reason: string | undefined): string {
  if (!reason) return '';
  if (reason.includes('no WeChat recipient')) return '该诉求没有微信用户（如热线录入），无法推送';
  if (reason.includes('no status template')) return '群众已超过 48 小时未互动，且未配置状态通知模板';
  if (reason.includes('48-hour')) return '群众已超过 48 小时未互动';
  return reason.replace('WeChat error', '微信返回错误码');
}
