/** Citizens' appeals: categories, statuses and the shapes the feature passes around. */

export const CATEGORIES = ['咨询', '求助', '投诉', '建议', '举报', '应急'] as const;
export type Category = (typeof CATEGORIES)[number];
export const isCategory = (value: string): value is Category => (CATEGORIES as readonly string[]).includes(value);

/**
 * Working days to answer, per category. 咨询 2, 求助/建议 10, 投诉/举报 15 follow
 * 《广东省12345政务服务便民热线管理办法》(2022); 应急 is due the same day.
 */
export const DEFAULT_DEADLINES: Record<Category, number> = { 咨询: 2, 求助: 10, 建议: 10, 投诉: 15, 举报: 15, 应急: 0 };

export const STATUSES = ['accepted', 'dispatched', 'awaiting_info', 'replied', 'closed', 'reopened', 'merged', 'returned', 'rejected'] as const;
export type Status = (typeof STATUSES)[number];

/** Internal label (operators) and public label (citizens), after the demo dictionary. */
export const STATUS_LABELS: Record<Status, { label: string; public: string }> = {
  accepted: { label: '已受理', public: '已受理' },
  dispatched: { label: '已派单', public: '办理中' },
  awaiting_info: { label: '待补充信息', public: '待您补充信息' },
  replied: { label: '已答复', public: '已答复' },
  closed: { label: '已办结', public: '已办结' },
  reopened: { label: '重办', public: '重新办理中' },
  merged: { label: '已并单', public: '已合并办理' },
  returned: { label: '已退单', public: '办理中' },
  rejected: { label: '不予受理', public: '不予受理' },
};

export const OPEN_STATUSES: Status[] = ['accepted', 'dispatched', 'awaiting_info', 'replied', 'reopened', 'returned'];

/** Statuses that end a ticket: no deadline runs, nothing more is done. */
export const FINAL_STATUSES: Status[] = ['closed', 'merged', 'rejected'];

/** A handler's request to move the deadline (延期), waiting for an admin. */
export interface ExtensionRequest {
  reason: string;
  dueDate: string;
  by: string;
  at: string;
}

/** 好差评 five levels (国办发〔2019〕51号); 1 and 2 are 差评 and reopen the ticket. */
export const RATING_LABELS: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

export interface TicketLocation {
  lat: number;
  lng: number;
  label?: string;
  /** 'message' when the citizen sent it, 'report' when WeChat reported it. */
  source: 'message' | 'report';
}

export interface Ticket {
  id: number;
  accountId: string;
  ticketNo: string;
  category: Category;
  status: Status;
  resumeStatus: Status | null;
  channel: string;
  content: string;
  location: TicketLocation | null;
  openIdEnc: string | null;
  anonymous: boolean;
  confidential: boolean;
  nameEnc: string | null;
  phoneEnc: string | null;
  contactMasked: { name?: string; phone?: string } | null;
  department: string | null;
  dueDate: string;
  firstReplyAt: Date | null;
  directAnswer: boolean | null;
  closedAt: Date | null;
  rating: number | null;
  ratedAt: Date | null;
  mergedInto: number | null;
  /** The account the citizen wrote to, when the ticket was transferred to another (district) account. */
  originAccountId: string | null;
  pendingExtension: ExtensionRequest | null;
  /** The first deadline, once an extension moved dueDate. */
  originalDueDate: string | null;
  createdAt: Date;
  updatedAt: Date;
  attachmentCount: number;
}

export type Visibility = 'public' | 'internal';

export interface TicketEvent {
  id: number;
  ticketId: number;
  action: string;
  actor: string;
  visibility: Visibility;
  detail: Record<string, unknown>;
  createdAt: Date;
}

export interface Attachment {
  id: number;
  kind: 'image' | 'voice';
  contentType: string;
  size: number;
  createdAt: Date;
}

/** What an operator may see: decided once per request from their roles. */
export interface TicketScope {
  all: boolean;
  department?: string;
  emergency: boolean;
}

export interface OperatorView {
  name: string;
  roles: string[];
  department?: string;
}

export function scopeOf(operator: OperatorView): TicketScope {
  if (operator.roles.includes('admin')) return { all: true, emergency: true };
  return {
    all: false,
    department: operator.roles.includes('handler') ? operator.department : undefined,
    emergency: operator.roles.includes('emergency'),
  };
}

export function canSee(scope: TicketScope, ticket: Pick<Ticket, 'category' | 'department'>): boolean {
  if (scope.all) return true;
  if (ticket.category === '应急') return scope.emergency;
  return scope.department !== undefined && ticket.department === scope.department;
}

/** The account the citizen talks to: every notice and conversation step goes through it. */
export const citizenAccountOf = (ticket: Pick<Ticket, 'accountId' | 'originAccountId'>): string => ticket.originAccountId ?? ticket.accountId;
