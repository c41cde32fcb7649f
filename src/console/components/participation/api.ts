import { api, unwrap } from '../../api/client.js';

/** Shapes of the taking-part routes (polls, 线索征集, 公开答复); their responses carry no schema yet. */

export interface Poll {
  id: number;
  title: string;
  question: string;
  options: string[];
  multiple: boolean;
  showResults: boolean;
  startsAt: string | null;
  endsAt: string | null;
  phase: 'not_started' | 'open' | 'ended';
  action: string;
  createdAt: string;
  voters?: number;
}

export interface PollInput {
  title: string;
  question: string;
  options: string[];
  multiple: boolean;
  showResults: boolean;
  startsAt?: string;
  endsAt?: string;
}

export interface PollResults {
  options: Array<{ text: string; count: number }>;
  voters: number;
}

export interface TipCollection {
  id: number;
  title: string;
  prompt: string;
  photos: boolean;
  location: boolean;
  contact: boolean;
  startsAt: string | null;
  endsAt: string | null;
  createdAt: string;
  action: string;
  tips?: number;
  unreviewed?: number;
}

export interface Tip {
  id: number;
  content: string;
  photos: Array<{ mediaId: string; picUrl: string }>;
  location: { lat: number; lng: number; label: string } | null;
  contactMasked: string | null;
  status: 'new' | 'accepted' | 'dismissed' | 'ticket';
  reviewNote: string | null;
  reviewedBy: string | null;
  ticketId: number | null;
  createdAt: string;
}

export interface Publication {
  id: number;
  ticketId: number;
  category: string;
  question: string;
  answer: string;
  publishedBy: string;
  publishedAt: string;
  withdrawnAt: string | null;
}

const id = (value: number) => ({ params: { path: { id: value } } });
const tip = (collection: number, tipId: number) => ({ params: { path: { id: collection, tipId } } });

export const participationApi = {
  polls: () => unwrap<{ items: Poll[] }>(api.GET('/admin/api/polls')),
  createPoll: (body: PollInput) => unwrap<Poll>(api.POST('/admin/api/polls', { body })),
  results: (poll: number) => unwrap<PollResults>(api.GET('/admin/api/polls/{id}/results', id(poll))),

  collections: () => unwrap<{ items: TipCollection[] }>(api.GET('/admin/api/tip-collections')),
  createCollection: (body: { title: string; prompt: string; photos: boolean; location: boolean; contact: boolean }) =>
    unwrap<TipCollection>(api.POST('/admin/api/tip-collections', { body })),
  tips: (collection: number, status?: Tip['status']) =>
    unwrap<{ items: Tip[] }>(api.GET('/admin/api/tip-collections/{id}/tips', { params: { path: { id: collection }, query: { limit: 100, ...(status ? { status } : {}) } } })),
  review: (collection: number, tipId: number, status: 'accepted' | 'dismissed') =>
    unwrap(api.POST('/admin/api/tip-collections/{id}/tips/{tipId}/review', { ...tip(collection, tipId), body: { status } })),
  toTicket: (collection: number, tipId: number, category: string) =>
    unwrap<{ ticketId: number; ticketNo: string; created: boolean }>(
      api.POST('/admin/api/tip-collections/{id}/tips/{tipId}/ticket', { ...tip(collection, tipId), body: { category } as never }),
    ),

  draft: (ticket: number) => unwrap<{ question: string; answer: string; published: Publication | null }>(api.GET('/admin/api/tickets/{id}/publish', id(ticket))),
  publish: (ticket: number, body: { question: string; answer: string; category?: string }) =>
    unwrap<Publication>(api.POST('/admin/api/tickets/{id}/publish', { ...id(ticket), body })),
  withdraw: (ticket: number) => unwrap<Publication>(api.DELETE('/admin/api/tickets/{id}/publish', id(ticket))),
};

export const PHASES: Record<Poll['phase'], { label: string; type: 'info' | 'success' | 'warning' }> = {
  not_started: { label: '未开始', type: 'info' },
  open: { label: '进行中', type: 'success' },
  ended: { label: '已结束', type: 'warning' },
};

export const TIP_STATUS: Record<Tip['status'], string> = { new: '待处理', accepted: '已采纳', dismissed: '不采纳', ticket: '已转工单' };

/** The tip categories a tip may be filed under (应急 goes through the emergency line, not a tip). */
export const TIP_CATEGORIES = ['求助', '咨询', '投诉', '建议', '举报'];
