import { actionKey, parseAction } from '../../router/action-uri.js';
import { PRIORITY, type Keyword, type MessageContext, type Rule, type RuleProvider } from '../../router/types.js';
import type { Fallback } from '../feature.js';
import type { CitizenDesk } from './tickets.citizen.js';
import type { FilingFlow } from './tickets.flow.js';
import { CATEGORIES, isCategory, type Category } from './tickets.types.js';
import { reviewedPattern } from '../../router/keyword-regex.js';

const exact = (...words: string[]): Keyword[] => words.map((text) => ({ text, match: 'exact' }));

/** What citizens type to start filing; 应急 also has a menu key. */
const START_WORDS: Record<Category, Keyword[]> = {
  咨询: exact('我要咨询', '咨询'),
  求助: exact('我要求助', '求助'),
  投诉: exact('我要投诉', '投诉'),
  建议: exact('我要建议', '建议', '我要提建议'),
  举报: exact('我要举报', '举报'),
  应急: exact('应急求助', '紧急求助'),
};

const LOCATION_EVENTS = new Set(['location_report', 'location_select']);

/** Flow steps take messages and location events; other events (menu taps) route as usual. */
const flowMessage = (ctx: MessageContext) => ctx.message.kind !== 'event' || LOCATION_EVENTS.has(ctx.message.event);
const isRatingReply = (ctx: MessageContext) => ctx.text !== undefined && /^([1-5]|0|退出)$/.test(ctx.text);

export function ticketRules(flow: FilingFlow, desk: CitizenDesk): { provider: RuleProvider; fallback: Fallback } {
  const rules: Rule[] = [
    ...CATEGORIES.map<Rule>((category) => ({
      name: `tickets:start:${category}`,
      priority: PRIORITY.featureKeyword,
      match: { kinds: ['text', 'voice'], keywords: START_WORDS[category] },
      handle: (ctx) => flow.start(ctx, category),
    })),
    {
      name: 'tickets:menu-key',
      priority: PRIORITY.menuKey,
      match: { events: ['click'], eventKey: { prefix: 'ticket:' } },
      // `ticket:<category>`, optionally `?text=<URI-encoded words>` to open with the citizen's words written.
      handle: async (ctx) => {
        const { argument: category, text } = parseAction(actionKey(ctx), 'ticket:');
        if (isCategory(category)) return flow.start(ctx, category, text);
        return { type: 'text', content: `请选择诉求类别：回复${CATEGORIES.slice(0, 5).map((c) => `“我要${c}”`).join('')}。` };
      },
    },
    {
      name: 'tickets:mine',
      priority: PRIORITY.menuKey,
      match: { events: ['click'], eventKey: 'tickets:mine' },
      handle: (ctx) => desk.mine(ctx),
    },
    {
      name: 'tickets:mine-keyword',
      priority: PRIORITY.featureKeyword,
      match: { kinds: ['text', 'voice'], keywords: exact('我的工单', '我的诉求') },
      handle: (ctx) => desk.mine(ctx),
    },
    {
      name: 'tickets:progress',
      priority: PRIORITY.featureKeyword + 5,
      match: { kinds: ['text', 'voice'], keywords: [{ text: reviewedPattern('^\\s*(查询|查)?进度'), match: 'regex' }] },
      handle: (ctx) => desk.progress(ctx),
    },
    {
      name: 'tickets:rate-keyword',
      priority: PRIORITY.featureKeyword,
      match: { kinds: ['text', 'voice'], keywords: exact('评价', '我要评价') },
      handle: (ctx) => desk.startRating(ctx),
    },
    {
      name: 'tickets:supplement-keyword',
      priority: PRIORITY.featureKeyword,
      match: { kinds: ['text', 'voice'], keywords: exact('补充', '补充材料') },
      handle: (ctx) => desk.startSupplement(ctx),
    },
    {
      name: 'tickets:flow',
      priority: PRIORITY.conversationStep,
      match: { step: { prefix: 'ticket.' }, when: (ctx) => flowMessage(ctx) && ctx.conversation.current?.step !== 'ticket.info' },
      handle: (ctx) => flow.step(ctx),
    },
    {
      name: 'tickets:supplement',
      priority: PRIORITY.conversationStep,
      match: { step: 'ticket.info', when: (ctx) => ctx.message.kind !== 'event' },
      handle: (ctx) => desk.supplement(ctx),
    },
    {
      // Only a digit (or 退出) answers a rating; anything else routes as usual.
      name: 'tickets:rating',
      priority: PRIORITY.conversationStep,
      match: { step: { prefix: 'rating.' }, kinds: ['text', 'voice'], when: isRatingReply },
      handle: (ctx) => desk.rate(ctx),
    },
  ];
  return {
    provider: { name: 'tickets', rules: () => rules },
    fallback: { name: 'tickets:expired', priority: 20, handle: (ctx) => flow.expired(ctx) },
  };
}
