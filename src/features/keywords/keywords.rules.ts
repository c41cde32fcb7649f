import type { KeyValueStore } from '../../infra/kv/port.js';
import { WELCOME_ACTION } from '../../router/action-uri.js';
import { PRIORITY, type HandlerResult, type MessageContext, type Rule, type RuleMatch, type RuleProvider } from '../../router/types.js';
import type { MessageKind } from '../../wechat/types.js';
import type { KeywordService } from './keywords.service.js';
import { toReply, type KeywordRule, type ReplySpec } from './keywords.types.js';

/** 收到消息回复 goes to a citizen at most once an hour, as in the MP console. */
const DEFAULT_REPLY_INTERVAL_MS = 60 * 60_000;

function inWindow(rule: KeywordRule, now: Date): boolean {
  const t = now.getTime();
  if (rule.activeFrom && t < Date.parse(rule.activeFrom)) return false;
  if (rule.activeTo && t >= Date.parse(rule.activeTo)) return false;
  return true;
}

function pick(rule: KeywordRule): HandlerResult {
  if (rule.replyMode === 'all') return rule.replies.map(toReply);
  const one = rule.replies[Math.floor(Math.random() * rule.replies.length)];
  return one ? toReply(one) : null;
}

const all = (specs: ReplySpec[]): HandlerResult => (specs.length ? specs.map(toReply) : null);

/** Text and voice (its recognition) are what keyword rules answer; one array for every rule. */
const TEXT_KINDS: MessageKind[] = ['text', 'voice'];

/**
 * One operator keyword rule as a router rule. A class rather than an object literal
 * with closures: an account may hold ten thousand rules, and the shared prototype
 * keeps each one to its fields.
 */
class KeywordRouteRule implements Rule {
  readonly name: string;
  readonly family = 'keyword';
  readonly priority: number;
  readonly createdAt: number;
  readonly match: RuleMatch;

  constructor(
    private readonly rule: KeywordRule,
    private readonly service: KeywordService,
  ) {
    this.name = `keyword:${rule.id}`;
    this.priority = PRIORITY.operatorKeyword + rule.priority;
    this.createdAt = Date.parse(rule.createdAt);
    this.match =
      rule.activeFrom || rule.activeTo
        ? { kinds: TEXT_KINDS, keywords: rule.keywords, when: (ctx) => inWindow(rule, ctx.now) }
        : { kinds: TEXT_KINDS, keywords: rule.keywords };
  }

  handle(): HandlerResult {
    // Per-rule counts live in keyword_rules.hits; metrics count all keyword rules as one family.
    this.service.recordHit(this.rule.id);
    return pick(this.rule);
  }
}

/** Operator keyword rules and the 被关注回复 as router rules. */
export function keywordRuleProvider(service: KeywordService): RuleProvider {
  return {
    name: 'keywords',
    onChange: (listener) => service.onChange(listener),
    async rules(accountId) {
      const { rules, subscribe } = await service.load(accountId);
      const keywordRules: Rule[] = rules.map((rule) => new KeywordRouteRule(rule, service));
      const subscribeRule: Rule = {
        name: 'auto-reply:subscribe',
        priority: PRIORITY.event,
        match: { events: ['subscribe'] },
        handle: () => all(subscribe),
      };
      // The welcome as an action URI, for whatever answers a follow in its own way (a QR code's action after it).
      const welcomeAction: Rule = {
        name: 'auto-reply:subscribe-action',
        priority: PRIORITY.menuKey,
        match: { events: ['click'], eventKey: WELCOME_ACTION },
        handle: () => all(subscribe),
      };
      return [...keywordRules, subscribeRule, welcomeAction];
    },
  };
}

/**
 * 收到消息回复: the answer when nothing else matched, to messages (not events),
 * at most once an hour per citizen.
 */
export function defaultReplyHandler(service: KeywordService, kv: KeyValueStore) {
  return async (ctx: MessageContext): Promise<HandlerResult> => {
    if (ctx.message.kind === 'event') return null;
    const { fallback } = await service.load(ctx.account.id);
    if (fallback.length === 0) return null;
    const first = await kv
      .setIfAbsent(`autoreply:default:${ctx.account.id}:${ctx.message.openId}`, '1', DEFAULT_REPLY_INTERVAL_MS)
      .catch(() => true);
    return first ? all(fallback) : null;
  };
}
