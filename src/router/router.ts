import { KeywordIndex } from './keyword-index.js';
import type { MessageContext, Rule, RuleMatch, RuleProvider } from './types.js';

interface CompiledRules {
  /** Rules without keywords, checked one by one (a few dozen at most). */
  structural: Rule[];
  index: KeywordIndex<Rule>;
}

function keyMatches(spec: string | { prefix: string }, value: string | undefined): boolean {
  if (value === undefined) return false;
  return typeof spec === 'string' ? spec === value : value.startsWith(spec.prefix);
}

function eventKeyOf(ctx: MessageContext): string | undefined {
  const m = ctx.message;
  return m.kind === 'event' && 'key' in m ? m.key : undefined;
}

/** Everything but the keywords: those are decided by the index. */
function structuralMatch(match: RuleMatch, ctx: MessageContext): boolean {
  const m = ctx.message;
  if (match.kinds && !match.kinds.includes(m.kind)) return false;
  if (match.events && (m.kind !== 'event' || !match.events.includes(m.event))) return false;
  if (match.eventKey !== undefined && !keyMatches(match.eventKey, eventKeyOf(ctx))) return false;
  if (match.step !== undefined && !keyMatches(match.step, ctx.conversation.current?.step)) return false;
  return match.when ? match.when(ctx) : true;
}

function better(a: Rule, b: Rule | undefined): boolean {
  if (!b) return true;
  if (a.priority !== b.priority) return a.priority > b.priority;
  return (a.createdAt ?? 0) > (b.createdAt ?? 0);
}

/**
 * The rule router: rules are data, matched on message type, event, menu key,
 * keyword and conversation step. The matching rule with the highest priority
 * wins (ties: the newest); when none matches, the caller runs the explicit fallbacks.
 * Rule sets are compiled per account and rebuilt when a provider signals a change.
 */
export class Router {
  private readonly compiled = new Map<string, Promise<CompiledRules>>();

  constructor(private readonly providers: RuleProvider[]) {
    for (const provider of providers) {
      provider.onChange?.((accountId) => this.invalidate(accountId));
    }
  }

  invalidate(accountId: string | null): void {
    if (accountId === null) this.compiled.clear();
    else this.compiled.delete(accountId);
  }

  private rulesFor(accountId: string): Promise<CompiledRules> {
    let rules = this.compiled.get(accountId);
    if (!rules) {
      rules = this.compile(accountId);
      this.compiled.set(accountId, rules);
      rules.catch(() => this.compiled.delete(accountId));
    }
    return rules;
  }

  private async compile(accountId: string): Promise<CompiledRules> {
    const all = (await Promise.all(this.providers.map((p) => p.rules(accountId)))).flat();
    const structural = all.filter((r) => !r.match.keywords?.length);
    const keyworded = all.filter((r) => r.match.keywords?.length);
    return { structural, index: new KeywordIndex(keyworded.map((r) => ({ owner: r, keywords: r.match.keywords! }))) };
  }

  /** Picks the rule that answers this message, or undefined when none matches. */
  async route(ctx: MessageContext): Promise<Rule | undefined> {
    const { structural, index } = await this.rulesFor(ctx.account.id);
    let best: Rule | undefined;
    for (const rule of structural) {
      if (better(rule, best) && structuralMatch(rule.match, ctx)) best = rule;
    }
    if (ctx.text !== undefined) {
      for (const rule of index.match(ctx.text, ctx.rawText)) {
        if (better(rule, best) && structuralMatch(rule.match, ctx)) best = rule;
      }
    }
    return best;
  }
}
