import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from '../infra/metrics.js';
import { lazyChild } from '../infra/logger.js';
import { maskOpenId } from '../lib/mask.js';
import { createLogThrottle } from '../lib/log-throttle.js';
import type { ServiceWindow } from '../session/service-window.js';
import type { SessionStore, Conversation } from '../session/session-store.js';
import type { Account } from '../wechat/account.js';
import { splitUtf8, TEXT_REPLY_MAX_BYTES } from '../wechat/text.js';
import type { DeliveryWork, Preloaded } from '../wechat/delivery.js';
import type { InboundMessage, Reply } from '../wechat/types.js';
import { normalizeText, warmNormalization } from './normalize.js';
import type { Router } from './router.js';
import type { ConversationControl, HandlerResult, MessageContext } from './types.js';

export const UNKNOWN_MENU_KEY = '该菜单暂未开放，请回复“菜单”查看可用服务，或拨打12345政务服务便民热线。';
export const APOLOGY = '抱歉，系统暂时繁忙，请稍后再试。如需紧急帮助，请拨打12345政务服务便民热线。';
/** Conversations expire after 10 minutes idle unless a flow asks otherwise. */
export const DEFAULT_CONVERSATION_TTL_SECONDS = 600;

/** Tried in priority order when no rule matched; the first non-undefined result answers. */
export interface FallbackHandler {
  name: string;
  priority: number;
  handle(ctx: MessageContext): Promise<HandlerResult | undefined> | HandlerResult | undefined;
}

export interface DispatchDeps {
  router: Router;
  fallbacks: FallbackHandler[];
  sessions: SessionStore;
  serviceWindow: ServiceWindow;
  log: Logger;
  metrics: Metrics;
  /**
   * Told of every handled message with its replies and the rule that answered (the message
   * log). Called after the reply is computed, never awaited; it must only buffer.
   */
  onHandled?: (account: Account, message: InboundMessage, replies: Reply[], rule: string) => void;
}

/** The rule that answered: its name (logs) and its metrics label. */
interface Seen {
  name: string;
  family: string;
}

/** A menu key `keyword:<text>` behaves exactly as if the citizen had typed the text. */
function asTyped(message: InboundMessage): InboundMessage {
  if (message.kind === 'event' && message.event === 'click' && message.key.startsWith('keyword:')) {
    return { kind: 'text', text: message.key.slice('keyword:'.length), msgId: `click:${message.createTime}`, openId: message.openId, accountUser: message.accountUser, createTime: message.createTime };
  }
  return message;
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
  const fallbacks = [...deps.fallbacks].sort((a, b) => b.priority - a.priority);
  const warnings = createLogThrottle();
  warmNormalization();

  /** The message log must never cost the citizen an answer. */
  function handled(account: Account, message: InboundMessage, replies: Reply[], rule: string): void {
    try {
      deps.onHandled?.(account, message, replies, rule);
    } catch (err) {
      deps.log.warn({ err: (err as Error).message }, 'message log hook failed');
    }
  }

  /** Action URIs nest (a menu item opening a menu item…); a loop in operator data must end. */
  const MAX_ACTION_DEPTH = 4;

  function contextFor(account: Account, message: InboundMessage, conversation: ConversationControl, log: Logger, now: Date, depth: number): MessageContext {
    const rawText = textOf(message);
    const ctx: MessageContext = {
      account,
      message,
      rawText,
      text: rawText === undefined ? undefined : normalizeText(rawText),
      conversation,
      log,
      now,
      perform: async (action) => {
        if (depth >= MAX_ACTION_DEPTH) throw new Error(`action nesting too deep at ${action}`);
        const click: InboundMessage = { kind: 'event', event: 'click', key: action, openId: message.openId, accountUser: message.accountUser, createTime: message.createTime };
        const inner = contextFor(account, asTyped(click), conversation, log, now, depth + 1);
        inner.deliveryKey = ctx.deliveryKey;
        return answer(inner, { name: 'perform', family: 'perform' });
      },
    };
    return ctx;
  }

  /** Runs the matching rule, else the fallbacks; `seen` tells which one ran, even if it throws. */
  async function answer(ctx: MessageContext, seen: Seen): Promise<HandlerResult> {
    const rule = await router.route(ctx);
    if (rule) {
      seen.name = rule.name;
      seen.family = rule.family ?? rule.name;
      return rule.handle(ctx);
    }
    if (ctx.message.kind === 'event' && ctx.message.event === 'click') {
      // A menu key no feature answers: operator data is out of step with the code.
      seen.name = seen.family = 'fallback:unknown-menu-key';
      ctx.log.warn({ key: ctx.message.key }, 'menu key has no handler');
      return { type: 'text', content: UNKNOWN_MENU_KEY };
    }
    for (const fallback of fallbacks) {
      seen.name = seen.family = `fallback:${fallback.name}`;
      const result = await fallback.handle(ctx);
      if (result !== undefined) return result;
    }
    seen.name = seen.family = 'fallback:none';
    return null;
  }

  /** The conversation read with the delivery claim; a store failure or a corrupt value means none. */
  function conversationFrom(preloaded: Preloaded, log: Logger): Conversation | null {
    try {
      if (!preloaded.ok) throw preloaded.error;
      return sessions.decode(preloaded.value);
    } catch (err) {
      // Throttled: while the store is down every message lands here.
      warnings.warn(log, 'conversation-unreadable', { err: (err as Error).message }, 'conversation could not be read (store unavailable or value corrupt); continuing without it');
      return null;
    }
  }

  async function run(account: Account, message: InboundMessage, log: Logger, current: Conversation | null, deliveryKey?: string): Promise<Reply[]> {
    const type = message.kind === 'event' ? `event:${message.event}` : message.kind;
    const seen: Seen = { name: 'none', family: 'none' };
    if (message.kind !== 'event') {
      // Not awaited: bookkeeping must not delay the reply; a lost write only means a template instead.
      deps.serviceWindow.opened(account.id, message.openId).catch(() => undefined);
    }
    try {
      // `current` follows start/end, so an action performed after a flow ended (菜单, "2: a new
      // question") is routed as if no flow were open, not back into the flow that just ended.
      let state = current;
      const conversation: ConversationControl = {
        get current() {
          return state;
        },
        async start(step, data = {}, ttlSeconds = DEFAULT_CONVERSATION_TTL_SECONDS) {
          const next = { step, data, updatedAt: Date.now() };
          await sessions.set(account.id, message.openId, next, ttlSeconds);
          state = next;
        },
        async end() {
          await sessions.delete(account.id, message.openId);
          state = null;
        },
      };
      const ctx = contextFor(account, asTyped(message), conversation, log, new Date(), 0);
      ctx.deliveryKey = deliveryKey;
      const replies = normalizeReplies(await answer(ctx, seen));
      // Per-message lines are debug: at info they cost a quarter of webhook throughput, and
      // weizheng_messages_total{type,rule} already counts every message by the rule that answered.
      log.debug({ type, rule: seen.name, replies: replies.length }, 'message handled');
      handled(account, message, replies, seen.name);
      return replies;
    } catch (err) {
      log.error({ err, type, rule: seen.name }, 'handler failed; apologising to the citizen');
      seen.family = `${seen.family}:error`;
      const apology: Reply[] = [{ type: 'text', content: APOLOGY }];
      handled(account, message, apology, `${seen.name}:error`);
      return apology;
    } finally {
      metrics.messages.inc({ account: account.id, type, rule: seen.family });
    }
  }

  /**
   * The work for one delivery: the citizen's conversation key, which the delivery guard
   * reads with the same command that claims the delivery, and the handler. A duplicate
   * delivery never runs the handler.
   */
  function prepare(account: Account, message: InboundMessage, parentLog: FastifyBaseLogger): DeliveryWork {
    const log = lazyChild(parentLog as Logger, {
      account: account.id,
      openId: maskOpenId(message.openId),
      msgId: 'msgId' in message ? message.msgId : undefined,
    });
    return {
      preload: sessions.keyOf(account.id, message.openId),
      run: (preloaded, deliveryKey) => {
        const citizen = `${account.id}\u0000${message.openId}`;
        const ahead = running.get(citizen);
        const handle = () => run(account, message, log, conversationFrom(preloaded, log), deliveryKey);
        const work = ahead ? ahead.then(handle) : handle();
        const settled = work.then(
          () => undefined,
          () => undefined,
        );
        running.set(citizen, settled);
        void settled.then(() => {
          if (running.get(citizen) === settled) running.delete(citizen);
        });
        return work;
      },
    };
  }

  /**
   * One citizen's messages are handled one after another on this instance: two taps on "1"
   * sent at once must not both act on the same step at the same moment. The second still
   * acts on the conversation read with its delivery claim, so its effect is recognised as
   * the first one's (the same 预约号 or 工单号) rather than racing it.
   */
  const running = new Map<string, Promise<void>>();

  return { prepare };
}
