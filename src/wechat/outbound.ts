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

/** The outbound WeChat API, typed and promise-based. Features receive it as an argument. */
export interface WechatApi {
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
