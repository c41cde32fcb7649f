import { normalizeText } from '../../router/normalize.js';
import type { HandlerResult, Keyword, MessageContext, Rule, RuleMatch, RuleProvider } from '../../router/types.js';
import type { MessageKind } from '../../wechat/types.js';
import { intentActionRules } from './intents.actions.js';
import type { IntentService } from './intents.service.js';
import type { Intent } from './intents.types.js';

const TEXT_KINDS: MessageKind[] = ['text', 'voice'];
const EDGE_PUNCTUATION = /^[\s,，、。.:：;；!！?？]+|[\s,，、。.:：;；!！?？]+$/gu;
/** Words that only soften the request (我想咨询一下 → nothing to write down): not the citizen's matter. */
const FILLER_ONLY = /^(一下子?|下|一个问题|个问题|一件事|件事|点事|一点事)?[\s,，、。.:：;；!！?？]*$/u;

/** The message without the phrase that matched, for `{rest}`: 我要投诉噪音 → 噪音. */
function restOf(text: string, phrases: Array<{ text: string; match: string }>): string {
  let best = '';
  for (const phrase of phrases) {
    if (phrase.match === 'contains' && phrase.text.length > best.length && text.includes(phrase.text)) best = phrase.text;
  }
  const rest = (best ? text.replace(best, ' ') : '').replace(EDGE_PUNCTUATION, '').replace(/\s+/g, ' ');
  return FILLER_ONLY.test(rest) ? '' : rest;
}

/**
 * Fills `{text}` and `{rest}` with the citizen's words, URI-encoded. `{text}` is the message
 * as written (a ticket keeps the citizen's own punctuation); `{rest}` is cut from the
 * normalised text the phrases matched.
 */
export function actionFor(template: string, text: string, phrases: Array<{ text: string; match: string }>, written = text): string {
  if (!template.includes('{')) return template;
  const rest = restOf(text, phrases);
  const filled = template.replace(/\{text\}/g, encodeURIComponent(written.trim() || text)).replace(/\{rest\}/g, encodeURIComponent(rest));
  // An empty parameter means no parameter: `ticket:投诉?text=` is `ticket:投诉`.
  return filled.replace(/\?text=$/, '');
}

/**
 * One intent as a router rule: its phrases go into the account's keyword index
 * with every other rule, so matching costs what a keyword rule costs.
 */
class IntentRule implements Rule {
  readonly name: string;
  readonly family = 'intent';
  readonly priority: number;
  readonly createdAt: number;
  readonly match: RuleMatch;
  private readonly normalized: Array<{ text: string; match: string }>;

  constructor(private readonly intent: Intent) {
    this.name = `intent:${intent.id}`;
    this.priority = intent.priority;
    this.createdAt = Date.parse(intent.createdAt);
    this.match = { kinds: TEXT_KINDS, keywords: intent.phrases as Keyword[] };
    this.normalized = intent.phrases.map((p) => ({ text: normalizeText(p.text), match: p.match }));
  }

  handle(ctx: MessageContext): Promise<HandlerResult> {
    ctx.log.debug({ intent: this.intent.name }, 'intent matched');
    return ctx.perform(actionFor(this.intent.action, ctx.text ?? '', this.normalized, ctx.rawText));
  }
}

/** The account's intents, plus the actions only intents use and the escape rule for every flow. */
export function intentRuleProvider(service: IntentService): RuleProvider {
  const actions = intentActionRules();
  return {
    name: 'intents',
    onChange: (listener) => service.onChange(listener),
    async rules(accountId) {
      const intents = await service.load(accountId);
      return [...actions, ...intents.map((intent) => new IntentRule(intent))];
    },
  };
}
