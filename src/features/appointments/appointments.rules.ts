import type { KeyValueStore } from '../../infra/kv/port.js';
import { PRIORITY, type Rule, type RuleProvider } from '../../router/types.js';
import type { Fallback } from '../feature.js';
import type { BookingFlow } from './appointments.flow.js';
import { STEP_PREFIX, takeExpiredMarker, type Step } from './flow.state.js';
import { isBack, parseNumber } from './input.js';
import { reviewedPattern } from '../../router/keyword-regex.js';

/** Words that open the booking flow (after normalisation: voice "预约。" counts). */
const START_WORDS = ['预约', '我要预约', '在线预约', '网上预约', '预约办事', '办事预约', '大厅预约', '政务大厅预约', '预约挂号', '挂号', '医院预约', '门诊预约'];

/** 帮助 leaves the booking for the numbered menu (the menus feature answers it); 菜单 the flow handles, cleaning up. */
const MENU_WORDS = new Set(['帮助']);

/** Steps that take free text (name, phone, ID number): any text was meant for them. */
const FREE_TEXT_STEPS = new Set<Step>(['name', 'phone', 'idnum']);

/** Every message kind a citizen can answer with while booking (menu taps pass through). */
const ANSWER_KINDS = ['text', 'voice', 'image', 'video', 'shortvideo', 'location', 'link'] as const;

export function appointmentRules(flow: BookingFlow): RuleProvider {
  const rules: Rule[] = [
    {
      name: 'appointments:step',
      priority: PRIORITY.conversationStep,
      match: { kinds: [...ANSWER_KINDS], step: { prefix: STEP_PREFIX }, when: (ctx) => !MENU_WORDS.has(ctx.text ?? '') },
      handle: (ctx) => flow.handle(ctx),
    },
    {
      name: 'appointments:menu',
      priority: PRIORITY.menuKey,
      match: { events: ['click'], eventKey: 'appointment' },
      handle: (ctx) => flow.start(ctx),
    },
    {
      name: 'appointments:menu-service',
      priority: PRIORITY.menuKey,
      match: { events: ['click'], eventKey: { prefix: 'appointment:' } },
      handle: (ctx) => {
        const key = ctx.message.kind === 'event' && 'key' in ctx.message ? (ctx.message.key ?? '') : '';
        return flow.start(ctx, key.slice('appointment:'.length).trim() || undefined);
      },
    },
    {
      name: 'appointments:start',
      priority: PRIORITY.featureKeyword,
      match: { kinds: ['text', 'voice'], keywords: START_WORDS.map((text) => ({ text, match: 'exact' as const })) },
      handle: (ctx) => flow.start(ctx),
    },
    {
      name: 'appointments:mine',
      priority: PRIORITY.featureKeyword + 1,
      match: { kinds: ['text', 'voice'], keywords: [{ text: '我的预约', match: 'exact' }, { text: '查询预约', match: 'exact' }, { text: '预约查询', match: 'exact' }] },
      handle: (ctx) => flow.mine(ctx),
    },
    {
      name: 'appointments:cancel',
      priority: PRIORITY.featureKeyword + 2,
      match: { kinds: ['text', 'voice'], keywords: [{ text: reviewedPattern('^\\s*取消(预约|挂号)'), match: 'regex' }] },
      handle: (ctx) => flow.cancelCommand(ctx),
    },
  ];
  return { name: 'appointments', rules: () => rules };
}

/**
 * Replies to a conversation that has ended: a second "1" just after booking hears the
 * booking; after the 10-minute expiry the citizen is told, once, that nothing was kept
 * and how to start again, when the message reads as an answer to the step they were
 * at. Below the numbered menu's own expiry note (priority 500), above search.
 */
export function expiredFallback(flow: BookingFlow, kv: KeyValueStore): Fallback {
  return {
    name: 'appointments:expired',
    priority: 200,
    handle: async (ctx) => {
      if (ctx.message.kind === 'event' || ctx.text === undefined) return undefined;
      const repeated = await flow.repeatedConfirm(ctx);
      if (repeated) return repeated;
      const text = ctx.text;
      const answers = (step: Step) => FREE_TEXT_STEPS.has(step) || isBack(text) || parseNumber(text) !== undefined || ['确认', '取消'].includes(text);
      return (await takeExpiredMarker(ctx, kv, answers)) ? flow.expired() : undefined;
    },
  };
}
