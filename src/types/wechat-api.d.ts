// Minimal typing of the parts of node-webot's wechat-api that src/infra/wechat uses.
declare module 'wechat-api' {
  type Callback<T = unknown> = (err: (Error & { code?: number }) | null, data: T, res?: { headers: Record<string, string> }) => void;
  class API {
    constructor(appid: string, appsecret: string, getToken?: unknown, saveToken?: (token: unknown, cb: (err: Error | null) => void) => void);
    endpoint: string;
    token: { accessToken: string; expireTime: number };
    setOpts(opts: Record<string, unknown>): void;
    request(url: string, opts: Record<string, unknown>, callback: Callback): void;
    getAccessToken(callback: Callback<{ accessToken: string; expireTime: number }>): void;
    _sendText(openid: string, text: string, callback: Callback): void;
    _sendImage(openid: string, mediaId: string, callback: Callback): void;
    _sendVoice(openid: string, mediaId: string, callback: Callback): void;
    _sendVideo(openid: string, mediaId: string, thumbMediaId: string, callback: Callback): void;
    _sendMusic(openid: string, music: Record<string, string | undefined>, callback: Callback): void;
    _sendNews(openid: string, articles: Array<Record<string, string | undefined>>, callback: Callback): void;
    _createMenu(menu: unknown, callback: Callback): void;
    _getMenu(callback: Callback): void;
    _getMedia(mediaId: string, callback: Callback<Buffer | { errcode?: number; errmsg?: string }>): void;
  }
  export = API;
}
declare module 'wechat-api/lib/util.js' {
  export function postJSON(data: unknown): Record<string, unknown>;
  export function wrapper(callback: (err: (Error & { code?: number }) | null, data: unknown) => void): (err: Error | null, data: unknown) => void;
}
