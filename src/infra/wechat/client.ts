import API from 'wechat-api';
import { postJSON, wrapper } from 'wechat-api/lib/util.js';
import type { Logger } from 'pino';
import type { KeyValueStore } from '../kv/port.js';
import type { Metrics } from '../metrics.js';
import { TokenStore, type AccessToken } from './token-store.js';
import {
  TOKEN_ERRORS,
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
  /** Attempts for transient failures (5xx, timeouts, -1 system busy). */
  maxAttempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

type Raw = (api: API, done: (err: (Error & { code?: number }) | null, data: unknown) => void) => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * node-webot's wechat-api behind a typed, promise-based interface. Its own token
 * handling is bypassed: tokens come from the shared TokenStore, and the `_raw`
 * methods run against a per-call view holding that token.
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
  const api = new API(account.appId, account.appSecret, undefined, (_token, cb) => cb(null));
  api.endpoint = options.apiBase;
  api.setOpts({ timeout: options.timeoutMs ?? 5000 });
  const tokens = new TokenStore(options.kv, account.appId, () =>
    new Promise<AccessToken>((resolve, reject) => {
      api.getAccessToken((err, token) => (err ? reject(asApiError('token', err)) : resolve(token)));
    }),
  );
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffMs = options.backoffMs ?? 200;

  const once = (token: string, raw: Raw) =>
    new Promise<unknown>((resolve, reject) => {
      const view = Object.create(api) as API;
      view.token = { accessToken: token, expireTime: Number.MAX_SAFE_INTEGER };
      raw(view, (err, data) => (err ? reject(err) : resolve(data)));
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
        const err = asApiError(name, cause as Error & { code?: number });
        options.metrics?.outboundCalls.inc({ api: name, result: String(err.code) });
        if (TOKEN_ERRORS.has(err.code) && !tokenRetried) {
          tokenRetried = true;
          options.log.warn({ api: name, code: err.code }, 'access_token rejected; refreshing once');
          await tokens.invalidate(token.accessToken);
          attempt--;
          continue;
        }
        const transient = err.code === -1 || err.code === 0 || err.code === 45011;
        if (!transient || attempt >= maxAttempts) throw err;
        await sleep(backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  return {
    async sendCustom(openId, reply) {
      await call('message/custom/send', customSender(openId, reply));
    },
    async sendTemplate(message: TemplateMessage) {
      const body = {
        touser: message.openId,
        template_id: message.templateId,
        url: message.url,
        data: message.data,
        client_msg_id: message.clientMsgId,
      };
      const data = (await call('message/template/send', (view, done) =>
        view.request(`${view.endpoint}/cgi-bin/message/template/send?access_token=${view.token.accessToken}`, postJSON(body), wrapper(done)),
      )) as { msgid?: number | string };
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
      const data = await call('media/get', (view, done) =>
        view._getMedia(mediaId, (err, body, res) => {
          if (!err && !Buffer.isBuffer(body) && body?.errcode) {
            const apiErr = new Error(body.errmsg ?? 'media/get failed') as Error & { code?: number };
            apiErr.code = body.errcode;
            return done(apiErr, body);
          }
          contentType = res?.headers['content-type'] ?? contentType;
          done(err, body);
        }),
      );
      return { data: data as Buffer, contentType };
    },
  };
}

function customSender(openId: string, reply: Reply): Raw {
  switch (reply.type) {
    case 'text':
      return (view, done) => view._sendText(openId, reply.content, done);
    case 'image':
      return (view, done) => view._sendImage(openId, reply.mediaId, done);
    case 'voice':
      return (view, done) => view._sendVoice(openId, reply.mediaId, done);
    case 'video':
      return (view, done) => view._sendVideo(openId, reply.mediaId, '', done);
    case 'music':
      return (view, done) =>
        view._sendMusic(
          openId,
          {
            title: reply.title,
            description: reply.description,
            musicurl: reply.musicUrl,
            hqmusicurl: reply.hqMusicUrl,
            thumb_media_id: reply.thumbMediaId,
          },
          done,
        );
    case 'news':
      return (view, done) =>
        view._sendNews(
          openId,
          [{ title: reply.article.title, description: reply.article.description, url: reply.article.url, picurl: reply.article.picUrl }],
          done,
        );
    case 'transfer_customer_service':
      throw new WechatApiError('message/custom/send', 40008, 'transfer_customer_service is a passive reply only');
  }
}

function asApiError(api: string, err: Error & { code?: number }): WechatApiError {
  if (err instanceof WechatApiError) return err;
  // urllib failures (timeouts, connection resets, non-JSON 5xx bodies) carry no WeChat code: treat as -1, transient.
  const code = err.name === 'WeChatAPIError' && typeof err.code === 'number' ? err.code : -1;
  return new WechatApiError(api, code, err.message);
}
