import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from '../infra/metrics.js';
import { maskOpenId } from '../lib/mask.js';
import type { SessionStore, Conversation } from '../session/session-store.js';
import type { Account } from '../wechat/account.js';
import { splitUtf8, TEXT_REPLY_MAX_BYTES } from '../wechat/text.js';
import type { InboundMessage, Reply } from '../wechat/types.js';
import { normalizeText } from './normalize.js';
import type { Router } from './router.js';
import type { ConversationControl, HandlerResult, MessageContext } from './types.js';

export const APOLOGY = '抱歉，系统暂时繁忙，请稍后再试。如需紧急帮助，请拨打12345政务服务便民热线。';
/** Conversations expire after 10 minutes idle unless a flow asks otherwise. */
export const DEFAULT_CONVERSATION_TTL_SECONDS = 600;

export interface DispatchDeps {
  router: Router;
  sessions: SessionStore;
  log: Logger;
  metrics: Metrics;
}

export interface Dispatched {
  rule: string;
  replies: Reply[];
}

function textOf(message: InboundMessage): string | undefined {
  if (message.kind === 'text') return message.text;
  if (message.kind === 'voice' && message.recognition) return message.recognition;
  return undefined;
}

/** Long text becomes several messages; every other reply passes through. */
export function normalizeReplies(result: HandlerResult): Reply[] {
  const list = result === null ? [] : Array.isArray(result) ? result : [result];
  return list.flatMap<Reply>((reply) =>
    reply.type === 'text' ? splitUtf8(reply.content, TEXT_REPLY_MAX_BYTES).map((content) => ({ type: 'text' as const, content })) : [reply],
  );
}

export function createDispatcher(deps: DispatchDeps) {
  const { router, sessions, metrics } = deps;

  async function loadConversation(account: Account, openId: string, log: Logger): Promise<Conversation | null> {
    try {
      return await sessions.get(account.id, openId);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'session store unavailable; continuing without conversation state');
      return null;
    }
  }

  return async function dispatch(account: Account, message: InboundMessage, parentLog: FastifyBaseLogger): Promise<Dispatched> {
    const log = (parentLog as Logger).child({
      account: account.id,
      openId: maskOpenId(message.openId),
      msgId: 'msgId' in message ? message.msgId : undefined,
    });
    const type = message.kind === 'event' ? `event:${message.event}` : message.kind;
    let ruleName = 'none';
    try {
      const current = await loadConversation(account, message.openId, log);
      const conversation: ConversationControl = {
        current,
        start: (step, data = {}, ttlSeconds = DEFAULT_CONVERSATION_TTL_SECONDS) =>
          sessions.set(account.id, message.openId, { step, data, updatedAt: Date.now() }, ttlSeconds),
        end: () => sessions.delete(account.id, message.openId),
      };
      const rawText = textOf(message);
      const ctx: MessageContext = {
        account,
        message,
        rawText,
        text: rawText === undefined ? undefined : normalizeText(rawText),
        conversation,
        log,
        now: new Date(),
      };
      const { rule } = await router.route(ctx);
      ruleName = rule.name;
      const replies = normalizeReplies(await rule.handle(ctx));
      log.info({ type, rule: ruleName, replies: replies.length }, 'message handled');
      return { rule: ruleName, replies };
    } catch (err) {
      log.error({ err, type, rule: ruleName }, 'handler failed; apologising to the citizen');
      ruleName = `${ruleName}:error`;
      return { rule: ruleName, replies: [{ type: 'text', content: APOLOGY }] };
    } finally {
      metrics.messages.inc({ account: account.id, type, rule: ruleName });
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
