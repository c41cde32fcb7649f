import { api, unwrap } from '../../api/client.js';

/** Shapes of the reach routes (群发, followers, tags, QR codes); their responses carry no schema yet. */

export type Audience = { all: true } | { tagId: number };

export interface BroadcastMessage {
  type: 'text' | 'news' | 'image' | 'mpnews';
  content?: string;
  newsId?: number;
  mediaId?: string;
  title?: string;
}

export interface Broadcast {
  id: number;
  audience: { all?: true; tagId?: number | null };
  message: BroadcastMessage;
  emergency: boolean;
  status: string;
  sendAt: string | null;
  author: string;
  approvedBy: string | null;
  approvedAt: string | null;
  msgId: string | null;
  sentAt: string | null;
  wechatStatus: string | null;
  totalCount: number | null;
  filterCount: number | null;
  sentCount: number | null;
  errorCount: number | null;
  error: string | null;
  createdAt: string;
}

export interface Quota {
  accountType: 'service' | 'subscription';
  period: 'month' | 'day';
  limit: number;
  used: number;
  remaining: number;
  resetsAt: string;
}

export interface Tag {
  id: number;
  wechatId: number;
  name: string;
  members: number;
  createdAt: string;
}

export interface Follower {
  id: number;
  openId: string;
  subscribed: boolean;
  subscribedAt: string | null;
  unsubscribedAt: string | null;
  scene: string | null;
  qrcodeId: number | null;
  tagIds: number[];
}

export interface SyncState {
  status: 'never' | 'running' | 'done' | 'failed';
  total?: number | null;
  imported: number;
  pages: number;
  error?: string | null;
  updatedAt?: string;
  finishedAt?: string | null;
}

export interface DailyStat {
  day: string;
  new: number;
  lost: number;
  net: number;
}

export interface Qrcode {
  id: number;
  scene: string;
  permanent: boolean;
  action: string | null;
  url: string;
  image: string;
  expiresAt: string | null;
  scans: number;
  subscriptions: number;
  createdBy: string;
  createdAt: string;
}

export interface MediaItem {
  id: number;
  mediaId: string;
  kind: 'image' | 'voice' | 'video' | 'thumb';
  filename: string;
  size: number;
  hasThumbnail: boolean;
}

export const LEVELS = ['蓝色', '黄色', '橙色', '红色'] as const;

export interface Warning {
  title: string;
  level: (typeof LEVELS)[number];
  area: string;
  advice: string;
  hotline?: string;
}

const id = (value: number) => ({ params: { path: { id: value } } });

export const reachApi = {
  broadcasts: () => unwrap<{ items: Broadcast[]; quota: Quota }>(api.GET('/admin/api/broadcasts')),
  broadcast: (b: number) => unwrap<Broadcast>(api.GET('/admin/api/broadcasts/{id}', id(b))),
  settings: () => unwrap<{ approvalRequired: boolean; accountType: 'service' | 'subscription' }>(api.GET('/admin/api/broadcasts/settings')),
  create: (body: { audience: Audience; message: BroadcastMessage; sendAt?: string }) =>
    unwrap<Broadcast>(api.POST('/admin/api/broadcasts', { body: body as never })),
  preview: (b: number, to: { towxname: string } | { touser: string }) => unwrap(api.POST('/admin/api/broadcasts/{id}/preview', { ...id(b), body: to as never })),
  approve: (b: number) => unwrap<Broadcast>(api.POST('/admin/api/broadcasts/{id}/approve', id(b))),
  send: (b: number) => unwrap<Broadcast>(api.POST('/admin/api/broadcasts/{id}/send', id(b))),
  statusCheck: (b: number) => unwrap<Broadcast>(api.POST('/admin/api/broadcasts/{id}/status-check', id(b))),
  composeWarning: (body: Warning & { audience?: Audience }) =>
    unwrap<Broadcast & { text: string; quota: Quota }>(api.POST('/admin/api/emergency-broadcasts', { body: body as never })),
  sendWarning: (b: number) => unwrap<Broadcast>(api.POST('/admin/api/emergency-broadcasts/{id}/send', id(b))),
  warningTemplate: () => unwrap<{ format: string; hotline: string }>(api.GET('/admin/api/emergency-broadcasts/template')),

  tags: () => unwrap<{ items: Tag[] }>(api.GET('/admin/api/tags')),
  createTag: (name: string) => unwrap<Tag>(api.POST('/admin/api/tags', { body: { name } })),
  renameTag: (t: number, name: string) => unwrap<Tag>(api.PUT('/admin/api/tags/{id}', { ...id(t), body: { name } })),
  deleteTag: (t: number) => unwrap(api.DELETE('/admin/api/tags/{id}', id(t))),
  tagMembers: (t: number, openIds: string[], untag = false) =>
    unwrap<{ requested: number; recorded: number }>(
      untag
        ? api.DELETE('/admin/api/tags/{id}/members', { ...id(t), body: { openIds } })
        : api.POST('/admin/api/tags/{id}/members', { ...id(t), body: { openIds } }),
    ),

  followers: (query: { tag?: number; from?: string; to?: string; limit: number; offset: number }) =>
    unwrap<{ items: Follower[]; total: number }>(api.GET('/admin/api/followers', { params: { query } })),
  revealFollower: (f: number, reason: string) => unwrap<{ openId: string }>(api.POST('/admin/api/followers/{id}/reveal', { ...id(f), body: { reason } })),
  syncState: () => unwrap<SyncState>(api.GET('/admin/api/followers/sync')),
  startSync: () => unwrap<SyncState & { started: boolean }>(api.POST('/admin/api/followers/sync')),
  followerStats: (query: { from?: string; to?: string }) =>
    unwrap<{ from: string; to: string; days: DailyStat[]; totals: { new: number; lost: number; net: number } }>(api.GET('/admin/api/followers/stats', { params: { query } })),

  media: () => unwrap<{ items: MediaItem[] }>(api.GET('/admin/api/media')),

  qrcodes: () => unwrap<{ items: Qrcode[] }>(api.GET('/admin/api/qrcodes')),
  createQrcode: (body: { scene: string; permanent: boolean; expireSeconds?: number; action?: string }) =>
    unwrap<Qrcode>(api.POST('/admin/api/qrcodes', { body })),
};

export const BROADCAST_STATUS: Record<string, { label: string; type: 'info' | 'warning' | 'success' | 'danger' | 'primary' }> = {
  pending_approval: { label: '待审核', type: 'warning' },
  ready: { label: '待发送', type: 'primary' },
  scheduled: { label: '定时发送', type: 'primary' },
  sending: { label: '发送中', type: 'info' },
  sent: { label: '已提交微信', type: 'success' },
  finished: { label: '发送完成', type: 'success' },
  failed: { label: '发送失败', type: 'danger' },
};

export function messageSummary(m: BroadcastMessage): string {
  if (m.type === 'text') return m.content ?? '';
  if (m.type === 'news') return `资讯 #${m.newsId}`;
  if (m.type === 'image') return `图片 ${m.mediaId}`;
  return `图文：${m.title ?? ''}`;
}

export function quotaText(q: Quota): string {
  const kind = q.accountType === 'service' ? '服务号' : '公众号';
  const period = q.period === 'month' ? '本月' : '今天';
  return `${kind}${period}可群发 ${q.limit} 次，已用 ${q.used} 次，剩余 ${q.remaining} 次`;
}
