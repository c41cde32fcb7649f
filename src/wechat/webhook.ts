import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '../infra/metrics.js';
import { DEFAULT_ACCOUNT_ID, defaultMessageMode, type Account } from './account.js';
import { CryptoError, WechatCrypto } from './crypto.js';
import type { DeliveryGuard, DeliveryWork } from './delivery.js';
import { dedupKey, InboundError, toInbound } from './inbound.js';
import { renderEncryptedEnvelope, renderReply } from './reply.js';
import { computeSignature, verifyMsgSignature, verifySignature } from './signature.js';
import type { InboundMessage, Reply } from './types.js';
import { parseXml, XmlError } from './xml.js';

export interface WebhookDeps {
  accounts: { get(id: string): Promise<Account | undefined> };
  guard: DeliveryGuard;
  /**
   * The handler for a message, which never throws (handler errors become an apology), and
   * the store key it needs, read by the command that claims the delivery. A duplicate
   * delivery never runs the handler.
   */
  prepare(account: Account, message: InboundMessage, log: FastifyBaseLogger): DeliveryWork;
  /** Sends replies through the customer-service API (late replies, replyMode "all"). */
  sendLater(account: Account, openId: string, replies: Reply[]): Promise<void>;
  metrics: Metrics;
  replyBudgetMs: number;
  /** A request whose timestamp is further than this from now is refused: a captured URL expires. */
  maxSkewSeconds: number;
}

interface WechatQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  encrypt_type?: string;
  msg_signature?: string;
}

const SUCCESS = 'success';
/** WeChat bodies are a few KB; 1 MB is generous and bounds memory. */
const BODY_LIMIT = 1024 * 1024;

class Rejection extends Error {
  constructor(
    readonly status: 400 | 401 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** The protocol edge: GET verification and POST pushes at /wechat and /wechat/:accountId. */
export async function webhookPlugin(app: FastifyInstance, deps: WebhookDeps): Promise<void> {
  const cryptos = new Map<string, WechatCrypto>();
  const cryptoFor = (account: Account): WechatCrypto => {
    const cacheKey = `${account.id}:${account.encodingAesKey}:${account.appId}`;
    let crypto = cryptos.get(cacheKey);
    if (!crypto) {
      crypto = new WechatCrypto(account.encodingAesKey!, account.appId);
      cryptos.set(cacheKey, crypto);
    }
    return crypto;
  };

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

  async function resolve(request: FastifyRequest): Promise<{ account: Account; query: WechatQuery }> {
    const params = request.params as { accountId?: string };
    const account = await deps.accounts.get(params.accountId ?? DEFAULT_ACCOUNT_ID);
    if (!account) throw new Rejection(404, 'unknown account');
    const query = request.query as WechatQuery;
    const { signature = '', timestamp = '', nonce = '' } = query;
    if (!fresh(timestamp, deps.maxSkewSeconds)) throw new Rejection(401, 'timestamp missing or outside the allowed skew');
    if (!verifySignature(account.token, timestamp, nonce, signature)) throw new Rejection(401, 'bad signature');
    return { account, query };
  }

  function reject(reply: FastifyReply, request: FastifyRequest, err: unknown): FastifyReply {
    if (err instanceof Rejection) {
      request.log.warn({ reason: err.message }, 'webhook request rejected');
      return reply.code(err.status).type('text/plain').send(err.status === 401 ? '' : err.message);
    }
    throw err;
  }

  const verify = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const { query } = await resolve(request);
      // The MP console checks that the body is exactly echostr: raw text, nothing added.
      return reply.type('text/plain').send(query.echostr ?? '');
    } catch (err) {
      return reject(reply, request, err);
    }
  };

  const receive = async (request: FastifyRequest, reply: FastifyReply) => {
    const arrived = Date.now();
    let outcome = 'rejected';
    try {
      const { account, query } = await resolve(request);
      const { fields, encrypted } = openBody(account, query, String(request.body ?? ''), cryptoFor);
      const message = toInbound(fields);
      const delivered = await deps.guard.deliver(
        `${account.id}:${dedupKey(message)}`,
        deps.prepare(account, message, request.log),
        (replies) => deps.sendLater(account, message.openId, replies),
        arrived + deps.replyBudgetMs,
      );
      outcome = delivered.outcome;
      if (!delivered.reply) return reply.type('text/plain').send(SUCCESS);
      const xml = renderReply(delivered.reply, message.openId, message.accountUser, Math.floor(Date.now() / 1000));
      if (!encrypted) return reply.type('application/xml').send(xml);
      const encrypt = cryptoFor(account).encrypt(xml);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = query.nonce ?? '';
      const signature = computeSignature([account.token, timestamp, nonce, encrypt]);
      return reply.type('application/xml').send(renderEncryptedEnvelope(encrypt, signature, timestamp, nonce));
    } catch (err) {
      if (err instanceof XmlError || err instanceof InboundError || err instanceof CryptoError) {
        return reject(reply, request, new Rejection(400, err.message));
      }
      if (err instanceof Rejection) return reject(reply, request, err);
      // WeChat turns a 5xx into "该公众号暂时无法提供服务"; acknowledge instead and keep the cause in the log.
      request.log.error({ err }, 'webhook failed before a reply could be built; acknowledged with success');
      outcome = 'error';
      return reply.type('text/plain').send(SUCCESS);
    } finally {
      deps.metrics.replyLatency.observe({ outcome }, (Date.now() - arrived) / 1000);
    }
  };

  for (const url of ['/wechat', '/wechat/:accountId']) {
    app.get(url, verify);
    app.post(url, { bodyLimit: BODY_LIMIT }, receive);
  }
}

const TIMESTAMP = /^\d{1,12}$/;

/** WeChat sends Unix seconds; retries (three in all, 5 s apart) stay well inside any sane skew. */
function fresh(timestamp: string, maxSkewSeconds: number): boolean {
  if (!TIMESTAMP.test(timestamp)) return false;
  return Math.abs(Date.now() / 1000 - Number(timestamp)) <= maxSkewSeconds;
}

/**
 * Plaintext mode: the body is the message. Safe and compatible modes
 * (encrypt_type=aes): msg_signature covers the body's <Encrypt> text as-is, and the
 * decrypted XML is the message. Both signatures are checked (protocol notes §7.1).
 */
function openBody(
  account: Account,
  query: WechatQuery,
  body: string,
  cryptoFor: (account: Account) => WechatCrypto,
): { fields: Record<string, unknown>; encrypted: boolean } {
  if (query.encrypt_type !== 'aes' && (account.messageMode ?? defaultMessageMode(account.encodingAesKey)) === 'safe') {
    // The 3-parameter signature does not cover the body: a captured URL would carry any body.
    throw new Rejection(401, 'plaintext body refused in safe mode');
  }
  const outer = parseXml(body);
  if (query.encrypt_type !== 'aes') {
    if (outer.MsgType === undefined && typeof outer.Encrypt === 'string') {
      throw new Rejection(400, 'encrypted body without encrypt_type=aes');
    }
    return { fields: outer, encrypted: false };
  }
  if (!account.encodingAesKey) throw new Rejection(400, 'safe mode is not configured for this account');
  const encrypt = outer.Encrypt;
  if (typeof encrypt !== 'string' || encrypt === '') throw new Rejection(400, 'missing Encrypt');
  if (!verifyMsgSignature(account.token, query.timestamp ?? '', query.nonce ?? '', encrypt, query.msg_signature ?? '')) {
    throw new Rejection(401, 'bad msg_signature');
  }
  return { fields: parseXml(cryptoFor(account).decrypt(encrypt)), encrypted: true };
}
