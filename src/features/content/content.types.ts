/** Shapes of the content admin API (issue 3 contract; richer fields are extras). */

export type ContentStatus = 'draft' | 'published';

export interface NewsInput {
  title: string;
  summary: string;
  body: string;
  category: string;
  coverUrl?: string | null;
  /** The original article elsewhere (阅读原文), if any. */
  url?: string | null;
  publishedAt?: string | null;
  status?: ContentStatus;
  pinned?: boolean;
}

export interface News {
  id: number;
  accountId: string;
  title: string;
  summary: string;
  body: string;
  category: string;
  coverUrl: string | null;
  url: string | null;
  publishedAt: string | null;
  status: ContentStatus;
  pinned: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface GuideMaterial {
  name: string;
  required?: boolean;
  originals?: number;
  copies?: number;
  note?: string;
}

export interface GuideLocation {
  name: string;
  address: string;
  hours?: string;
  window?: string;
  lat?: number;
  lng?: number;
}

export interface GuideTimeLimit {
  /** 法定办结时限 */
  statutory?: number | null;
  /** 承诺办结时限; 0 means 即办件. */
  promised?: number | null;
  /** 工作日 (default) or 自然日. */
  unit?: string;
  /** Unit of the statutory limit when it differs (法定 60 自然日, 承诺 15 工作日). */
  statutoryUnit?: string;
  note?: string;
}

/** 办事指南, following gov-domain.md §1.6. */
export interface GuideInput {
  /** 实施编码, opaque. */
  code: string;
  /**
   * The appointment service this matter can be booked with (its code): the guide's
   * reply then offers 预约, which opens `appointment:<code>`.
   */
  appointment?: string;
  name: string;
  /** 口语化名称, weighted like the name in search. */
  shortName?: string;
  /** 实施主体 */
  department: string;
  /** 受理单位/窗口; the department when absent. */
  acceptingUnit?: string;
  itemType?: string;
  summary?: string;
  conditions?: string[];
  materials?: GuideMaterial[];
  process?: string[];
  timeLimit?: GuideTimeLimit;
  fee?: string;
  basis?: string[];
  locations?: GuideLocation[];
  phone?: string;
  complaintPhone?: string;
  forms?: Array<{ name: string; url: string }>;
  online?: { available: boolean; url?: string };
  keywords?: string[];
  faqs?: Array<{ q: string; a: string }>;
  status?: ContentStatus;
}

export interface Guide extends Omit<GuideInput, 'status'> {
  id: number;
  accountId: string;
  status: ContentStatus;
  /** Bumped on every change, so replies and tickets can cite the version they used. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PlaceInput {
  name: string;
  /** hall | hospital | school | venue | hotline | … */
  kind: string;
  address?: string | null;
  phone?: string | null;
  hours?: string | null;
  lat?: number | null;
  lng?: number | null;
  note?: string | null;
  status?: ContentStatus;
}

export interface Place {
  id: number;
  accountId: string;
  name: string;
  kind: string;
  address: string | null;
  phone: string | null;
  hours: string | null;
  lat: number | null;
  lng: number | null;
  note: string | null;
  status: ContentStatus;
  createdAt: string;
  updatedAt: string;
}

export interface NearbyPlace extends Place {
  /** Metres, computed in SQL. */
  distance: number;
}

/** What the search index needs from any row: its weighted text and exact-match keys. */
export interface SearchIndex {
  vector: string;
  matchKeys: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** `answer`: a published answer (公开答复) to a citizen's ticket. */
export type ResultKind = 'guide' | 'news' | 'place' | 'answer';

export interface SearchHit {
  kind: ResultKind;
  id: number;
  title: string;
  /** Department, category or address: a second line for lists. */
  subtitle: string | null;
}
