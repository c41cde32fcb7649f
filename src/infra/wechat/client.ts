import API from 'wechat-api';
import { postJSON, wrapper } from 'wechat-api/lib/util.js';
import type { Logger } from 'pino';
import type { KeyValueStore } from '../kv/port.js';
import type { Metrics } from '../metrics.js';
import { TokenStore, type AccessToken } from './token-store.js';
import { wechatFetch, type WechatRequest } from './transport.js';
import { redactSecrets } from './redact.js';
import { reachCalls } from './reach-calls.js';
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

type Callback = (err: (Error & { code?: number }) | null, data: unknown, res?: { headers: Record<string, string> }) => void;
/** A wechat-api call run against a per-call view that holds the shared token. */
type Raw = (api: API, done: Callback) => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** WeChat's media downloads can be large (video up to 10 MB); node-webot allowed 60 s. */
const MEDIA_TIMEOUT_MS = 60_000;

/**
 * node-webot's wechat-api behind a typed, promise-based interface. wechat-api knows the
 * endpoints and their bodies; two of its parts are replaced:
 * - its transport: `request` runs on Node's fetch (src/infra/wechat/transport.ts), whose
 *   errors never quote the URL (it holds the AppSecret or the access_token), instead of
 *   urllib 2, whose errors did;
 * - its token handling: tokens come from the shared TokenStore (its own are per process, and
 *   its 40001 retry reuses the stale token), and calls run against a per-call view holding one.
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

/** The `cgi-bin/…` path of a WeChat URL names the call; query values (credentials) are left out. */
const apiName = (url: string) => /\/cgi-bin\/([^?]*)/.exec(url)?.[1] ?? 'wechat';

/** urllib's `request(url, options, callback)`, as wechat-api calls it, on fetch. */
function fetchTransport(secrets: Array<string | undefined>, timeoutMs: number) {
  return (url: string, opts: Record<string, unknown>, callback: Callback): void => {
    const method = String(opts.method ?? opts.type ?? 'GET').toUpperCase();
    const req: WechatRequest = {
      api: apiName(url),
      url,
      json: method === 'POST' ? opts.data : undefined,
      timeoutMs: typeof opts.timeout === 'number' ? opts.timeout : timeoutMs,
      secrets,
    };
    wechatFetch(req).then(
      (res) => {
        const headers = { 'content-type': res.contentType };
        if (opts.dataType !== 'json') return callback(null, res.body, { headers });
        let data: unknown;
        try {
          data = JSON.parse(res.body.toString('utf8'));
        } catch {
          return callback(new WechatApiError(req.api, -1, `HTTP ${res.status}, not JSON`), null, { headers });
        }
        callback(null, data, { headers });
      },
      (err: Error) => callback(err, null),
    );
  };
}

function createClient(account: AccountCredentials, options: ClientOptions): WechatApi {
  const timeoutMs = options.timeoutMs ?? 5000;
  const api = new API(account.appId, account.appSecret, undefined, (_token, cb) => cb(null));
  api.endpoint = options.apiBase.replace(/\/+$/, '');
  const tokens = new TokenStore(options.kv, account.appId, () =>
    new Promise<AccessToken>((resolve, reject) => {
      api.getAccessToken((err, token) => (err ? reject(asApiError('token', err, [account.appSecret])) : resolve(token)));
    }),
  );
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffMs = options.backoffMs ?? 200;
  const transport = (token?: string) => fetchTransport([account.appSecret, token], timeoutMs);
  api.request = transport();

  const once = (token: string, raw: Raw) =>
    new Promise<unknown>((resolve, reject) => {
      const view = Object.create(api) as API;
      view.token = { accessToken: token, expireTime: Number.MAX_SAFE_INTEGER };
      view.request = transport(token);
      raw(view, (err, data) => (err ? reject(asApiError('', err, [account.appSecret, token])) : resolve(data)));
    });

  async function call(name: string, raw: Raw): Promise<unknown> {
    let tokenRetried = false;
    for (let attempt = 1; ; attempt++) {
      const token = await tokens.get();
      try {
        const data = await once(token.accessToken, raw);
        options.metrics?.outboundCalls.inc({ api: name, result: 'ok' });
        return data;
      } catch (cause) {
        const err = asApiError(name, cause as Error, [account.appSecret, token.accessToken]);
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

  /** A POST whose body wechat-api has no method for (or builds differently from what WeChat documents). */
  const postJson = (name: string, body: unknown): Raw => (view, done) =>
    view.request(`${view.endpoint}/cgi-bin/${name}?access_token=${encodeURIComponent(view.token.accessToken)}`, postJSON(body), wrapper(done));

  const reach = reachCalls({ call, secrets: (token) => [account.appSecret, token], timeoutMs, uploadTimeoutMs: options.timeoutMs ?? MEDIA_TIMEOUT_MS });

  return {
    ...reach,
    async sendCustom(openId, reply) {
      await call('message/custom/send', customSender(openId, reply, postJson));
    },
    async sendTemplate(message: TemplateMessage) {
      const body = {
        touser: message.openId,
        template_id: message.templateId,
        url: message.url,
        data: message.data,
        client_msg_id: message.clientMsgId,
      };
      const data = (await call('message/template/send', postJson('message/template/send', body))) as { msgid?: number | string };
      return String(data.msgid ?? '');
    },
    async createMenu(menu) {
      await call('menu/create', (view, done) => view._createMenu(menu, done));
    },
    async getMenu() {
      return call('menu/get', (view, done) => view._getMenu(done));
    },
    async getMedia(mediaId) {
      let contentType = 'application/octet-stream';
      const data = await call('media/get', (view, done) => {
        view.request = fetchTransport([account.appSecret, view.token.accessToken], options.timeoutMs ?? MEDIA_TIMEOUT_MS);
        // wechat-api puts the id into the query as it is: encode it so it stays one value.
        view._getMedia(encodeURIComponent(mediaId), (err, body, res) => {
          // Errors come back as JSON (or text/plain JSON); media as the file itself.
          if (!err && Buffer.isBuffer(body) && /^(application\/json|text\/plain)/i.test(res?.headers['content-type'] ?? '')) {
            const answer = safeJson(body);
            if (answer && typeof answer.errcode === 'number' && answer.errcode !== 0) {
              return done(Object.assign(new Error(String(answer.errmsg ?? 'media/get failed')), { name: 'WeChatAPIError', code: answer.errcode }), body);
            }
          }
          contentType = res?.headers['content-type'] ?? contentType;
          done(err, body);
        });
      });
      return { data: data as Buffer, contentType };
    },
  };
}

function safeJson(body: Buffer): { errcode?: unknown; errmsg?: unknown } | undefined {
  try {
    return JSON.parse(body.toString('utf8')) as { errcode?: unknown; errmsg?: unknown };
  } catch {
    return undefined;
  }
}

/** wechat-api's own methods where they build the documented body; `post` for the rest. */
function customSender(openId: string, reply: Reply, post: (name: string, body: unknown) => Raw): Raw {
  switch (reply.type) {
    case 'text':
      return (view, done) => view._sendText(openId, reply.content, done);
    case 'image':
      return (view, done) => view._sendImage(openId, reply.mediaId, done);
    case 'voice':
      return (view, done) => view._sendVoice(openId, reply.mediaId, done);
    case 'news':
      return (view, done) =>
        view._sendNews(openId, [{ title: reply.article.title, description: reply.article.description, url: reply.article.url, picurl: reply.article.picUrl }], done);
    default:
      // wechat-api's video body drops the title and description WeChat shows; music and the rest by the documented body.
      return post('message/custom/send', { touser: openId, ...customBody(reply) });
  }
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

/**
 * One error type for every failure. WechatApiErrors from the transport pass through (their
 * message never holds a URL); WeChat's errcode answers (wrapped by wechat-api) keep the code
 * and lose any credential echoed in errmsg; anything else becomes -1 without its message.
 */
function asApiError(api: string, err: Error & { code?: number }, secrets: Array<string | undefined>): WechatApiError {
  if (err instanceof WechatApiError) {
    // wechat-api's wrapper prefixes the name of errors it passes on.
    err.name = 'WechatApiError';
    return err;
  }
  if (err?.name === 'WeChatAPIError' && typeof err.code === 'number') return new WechatApiError(api, err.code, redactSecrets(err.message, secrets));
  return new WechatApiError(api, -1, err?.name ?? 'Error');
}
