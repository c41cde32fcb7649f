import type { Logger } from 'pino';
import type { KeyValueStore } from '../kv/port.js';
import type { Metrics } from '../metrics.js';
import { TokenStore, type AccessToken } from './token-store.js';
import { wechatFetch, wechatJson, type WechatRequest } from './transport.js';
import {
  TOKEN_ERRORS,
  UNREACHABLE,
  WechatApiError,
  type AccountCredentials,
  type TemplateMessage,
  type WechatApi,
  type WechatApiFactory,
} from '../../wechat/outbound.js';
import type { Reply } from '../../wechat/types.js';

interface ClientOptions {
  apiBase: string;
  kv: KeyValueStore;
  log: Logger;
  metrics?: Metrics;
  /** Attempts for transient failures (5xx, no answer, -1 system busy). */
  maxAttempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

/** One call to WeChat with a given access_token. */
type Exchange = (token: string) => Promise<unknown>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** WeChat's media downloads can be large (video up to 10 MB); node-webot allowed 60 s. */
const MEDIA_TIMEOUT_MS = 60_000;
/** Expire early, as network delay makes WeChat's expires_in a little optimistic. */
const EXPIRY_MARGIN_S = 10;

/**
 * The few WeChat API endpoints Weizheng uses, behind a typed, promise-based interface, on
 * Node's fetch (node-webot's wechat-api brought urllib 2 and put the AppSecret in its
 * error messages). Tokens come from the shared TokenStore.
 */
export function createWechatApiFactory(options: ClientOptions): WechatApiFactory {
  const clients = new Map<string, WechatApi>();
  return {
    forAccount(account) {
      const key = `${account.appId}:${account.appSecret}`;
      let client = clients.get(key);
      if (!client) {
        client = createClient(account, options);
        clients.set(key, client);
      }
      return client;
    },
  };
}

function createClient(account: AccountCredentials, options: ClientOptions): WechatApi {
  const base = options.apiBase.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffMs = options.backoffMs ?? 200;
  const request = (api: string, path: string, token: string, json?: unknown, timeout = timeoutMs): WechatRequest => ({
    api,
    url: `${base}/cgi-bin/${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`,
    json,
    timeoutMs: timeout,
    secrets: [account.appSecret, token],
  });

  const tokens = new TokenStore(options.kv, account.appId, async (): Promise<AccessToken> => {
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: account.appId, secret: account.appSecret });
    const req: WechatRequest = { api: 'token', url: `${base}/cgi-bin/token?${query}`, timeoutMs, secrets: [account.appSecret] };
    const data = wechatJson(req, await wechatFetch(req));
    if (typeof data.access_token !== 'string') throw new WechatApiError('token', -1, 'no access_token in the answer');
    const expiresIn = typeof data.expires_in === 'number' ? data.expires_in : 7200;
    return { accessToken: data.access_token, expireTime: Date.now() + (expiresIn - EXPIRY_MARGIN_S) * 1000 };
  });

  async function call(name: string, exchange: Exchange): Promise<unknown> {
    let tokenRetried = false;
    for (let attempt = 1; ; attempt++) {
      const token = await tokens.get();
      try {
        const data = await exchange(token.accessToken);
        options.metrics?.outboundCalls.inc({ api: name, result: 'ok' });
        return data;
      } catch (cause) {
        const err = asApiError(name, cause);
        options.metrics?.outboundCalls.inc({ api: name, result: String(err.code) });
        if (TOKEN_ERRORS.has(err.code) && !tokenRetried) {
          tokenRetried = true;
          options.log.warn({ api: name, code: err.code }, 'access_token rejected; refreshing once');
          await tokens.invalidate(token.accessToken);
          attempt--;
          continue;
        }
        const transient = err.code === -1 || err.code === 0 || err.code === 45011 || err.code === UNREACHABLE;
        if (!transient || attempt >= maxAttempts) throw err;
        await sleep(backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  const postJson = (api: string, path: string, body: unknown) =>
    call(api, async (token) => {
      const req = request(api, path, token, body);
      return wechatJson(req, await wechatFetch(req));
    });

  return {
    async sendCustom(openId, reply) {
      await postJson('message/custom/send', 'message/custom/send', { touser: openId, ...customBody(reply) });
    },
    async sendTemplate(message: TemplateMessage) {
      const body = {
        touser: message.openId,
        template_id: message.templateId,
        url: message.url,
        data: message.data,
        client_msg_id: message.clientMsgId,
      };
      const data = (await postJson('message/template/send', 'message/template/send', body)) as { msgid?: number | string };
      return String(data.msgid ?? '');
    },
    async createMenu(menu) {
      await postJson('menu/create', 'menu/create', menu);
    },
    async getMenu() {
      return call('menu/get', async (token) => {
        const req = request('menu/get', 'menu/get', token);
        return wechatJson(req, await wechatFetch(req));
      });
    },
    async getMedia(mediaId) {
      let contentType = 'application/octet-stream';
      const data = await call('media/get', async (token) => {
        const req = request('media/get', `media/get?media_id=${encodeURIComponent(mediaId)}`, token, undefined, options.timeoutMs ?? MEDIA_TIMEOUT_MS);
        const res = await wechatFetch(req);
        // Errors come back as JSON (or text/plain JSON); media as the file itself.
        if (/^(application\/json|text\/plain)/i.test(res.contentType)) wechatJson(req, res);
        contentType = res.contentType;
        return res.body;
      });
      return { data: data as Buffer, contentType };
    },
  };
}

/** The message part of a 客服消息 body, by reply type. */
function customBody(reply: Reply): Record<string, unknown> {
  switch (reply.type) {
    case 'text':
      return { msgtype: 'text', text: { content: reply.content } };
    case 'image':
      return { msgtype: 'image', image: { media_id: reply.mediaId } };
    case 'voice':
      return { msgtype: 'voice', voice: { media_id: reply.mediaId } };
    case 'video':
      return { msgtype: 'video', video: { media_id: reply.mediaId, thumb_media_id: '', title: reply.title, description: reply.description } };
    case 'music':
      return {
        msgtype: 'music',
        music: {
          title: reply.title,
          description: reply.description,
          musicurl: reply.musicUrl,
          hqmusicurl: reply.hqMusicUrl,
          thumb_media_id: reply.thumbMediaId,
        },
      };
    case 'news':
      return {
        msgtype: 'news',
        news: { articles: [{ title: reply.article.title, description: reply.article.description, url: reply.article.url, picurl: reply.article.picUrl }] },
      };
    case 'transfer_customer_service':
      throw new WechatApiError('message/custom/send', 40008, 'transfer_customer_service is a passive reply only');
  }
}

/** Anything else thrown inside a call (a bug, a store failure) keeps no message that could carry a URL. */
function asApiError(api: string, err: unknown): WechatApiError {
  if (err instanceof WechatApiError) return err;
  return new WechatApiError(api, -1, (err as Error)?.name ?? 'Error');
}
