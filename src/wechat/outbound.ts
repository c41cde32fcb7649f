import type { Reply } from './types.js';

/** Credentials of one official account, as needed for outbound API calls. */
export interface AccountCredentials {
  accountId: string;
  appId: string;
  appSecret: string;
}

export interface TemplateMessage {
  openId: string;
  templateId: string;
  url?: string;
  data: Record<string, { value: string }>;
  /** Idempotency key: WeChat drops a second send with the same id. */
  clientMsgId?: string;
}

/** The message part of a 群发 (sendall/preview) body: `{ msgtype, [msgtype]: … }`. */
export type MassMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'image'; images: { media_ids: string[]; recommend?: string; need_open_comment?: 0 | 1; only_fans_can_comment?: 0 | 1 } }
  | { msgtype: 'mpnews'; mpnews: { media_id: string }; send_ignore_reprint?: 0 | 1 }
  | { msgtype: 'voice'; voice: { media_id: string } };

export interface MassSendResult {
  msgId: string;
  msgDataId?: string;
  /** WeChat answered 45065: a send with this clientmsgid was already submitted (its msg_id is returned). */
  duplicate: boolean;
}

export interface FollowerPage {
  total: number;
  openIds: string[];
  /** Empty when the list is exhausted. */
  nextOpenId: string;
}

export type QrAction = 'QR_SCENE' | 'QR_STR_SCENE' | 'QR_LIMIT_SCENE' | 'QR_LIMIT_STR_SCENE';

export interface MaterialFile {
  data: Buffer;
  filename: string;
  contentType: string;
}

export interface DraftArticle {
  title: string;
  content: string;
  thumbMediaId: string;
  author?: string;
  digest?: string;
  contentSourceUrl?: string;
}

/** Outbound calls that reach followers: 群发, users and tags, QR codes, permanent material, drafts. */
export interface WechatReachApi {
  /** `message/mass/sendall` to all followers (tagId undefined) or one tag. */
  massSendAll(audience: { tagId?: number }, message: MassMessage, clientMsgId: string): Promise<MassSendResult>;
  /** `message/mass/preview` to one follower (openId) or WeChat ID (towxname). */
  massPreview(to: { touser?: string; towxname?: string }, message: MassMessage): Promise<void>;
  /** `message/mass/get`: SEND_SUCCESS, SENDING, SEND_FAIL or DELETE. */
  massStatus(msgId: string): Promise<string>;
  /** `user/get`, 10,000 openIds a page. */
  listFollowers(nextOpenId?: string): Promise<FollowerPage>;
  /** `tags/get`: every tag of the account with its follower count. */
  listTags(): Promise<Array<{ id: number; name: string; count: number }>>;
  createTag(name: string): Promise<number>;
  renameTag(id: number, name: string): Promise<void>;
  deleteTag(id: number): Promise<void>;
  /** `tags/members/batchtagging` / `batchuntagging`, at most 50 openIds per call. */
  tagMembers(tagId: number, openIds: string[], untag: boolean): Promise<void>;
  createQrcode(request: { action: QrAction; scene: string | number; expireSeconds?: number }): Promise<{ ticket: string; url: string; expireSeconds?: number }>;
  /** `material/add_material` (permanent). Video needs a title and introduction. */
  addMaterial(kind: 'image' | 'voice' | 'video' | 'thumb', file: MaterialFile, video?: { title: string; introduction: string }): Promise<{ mediaId: string; url?: string }>;
  deleteMaterial(mediaId: string): Promise<void>;
  /** `draft/add`: the media_id an mpnews 群发 needs. */
  addDraft(articles: DraftArticle[]): Promise<string>;
}

/** The outbound WeChat API, typed and promise-based. Features receive it as an argument. */
export interface WechatApi extends WechatReachApi {
  /** 客服消息: needs the 48-hour window (errors 45015/45047 otherwise). */
  sendCustom(openId: string, reply: Reply): Promise<void>;
  sendTemplate(message: TemplateMessage): Promise<string>;
  createMenu(menu: unknown): Promise<void>;
  getMenu(): Promise<unknown>;
  getMedia(mediaId: string): Promise<{ data: Buffer; contentType: string }>;
}

export interface WechatApiFactory {
  forAccount(account: AccountCredentials): WechatApi;
}

/** Error codes after which a retry cannot succeed (window closed, quota used, user gone). */
export const PERMANENT_ERRORS = new Set([40003, 43004, 45015, 45047, 48001, 48002, 43101]);
/**
 * Not a WeChat code: WeChat gave no answer at all (connection refused or reset, DNS, timeout).
 * Kept apart from WeChat's own -1 (系统繁忙) so operators are told what actually failed.
 */
export const UNREACHABLE = -2;
/** Error codes that mean "the access_token is stale": refresh once and retry once. */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

export class WechatApiError extends Error {
  constructor(
    readonly api: string,
    readonly code: number,
    message: string,
  ) {
    super(`WeChat API ${api} failed: ${code} ${message}`);
    this.name = 'WechatApiError';
  }
  get permanent(): boolean {
    return PERMANENT_ERRORS.has(this.code);
  }
  get unreachable(): boolean {
    return this.code === UNREACHABLE;
  }
}
