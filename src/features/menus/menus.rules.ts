import { PRIORITY, type MessageContext, type Rule, type RuleProvider } from '../../router/types.js';
import type { Fallback } from '../feature.js';
import type { MenuFlow } from './menus.flow.js';
import { isMenuTrigger, parseMenuInput } from './menus.render.js';
import { MAIN_MENU_CODE, type NumberedMenuService } from './menus.service.js';

/** "0" shows the menu only when the citizen is in no other flow (there it means "back"). */
function wantsMenu(ctx: MessageContext): boolean {
  if (!isMenuTrigger(ctx.text, ctx.rawText)) return false;
  if (ctx.text !== '0') return true;
  const step = ctx.conversation.current?.step;
  return step === undefined || step.startsWith('menu.');
}

/**
 * The numbered menu as router rules. The trigger sits just above feature
 * keywords and below operator keyword rules, so an operator may still answer
 * 帮助 their own way; the trigger exists only while a main menu does.
 */
export function menuRuleProvider(menus: NumberedMenuService, flow: MenuFlow): RuleProvider {
  const step: Rule = {
    name: 'menus:step',
    priority: PRIORITY.conversationStep,
    // Only digits and back/leave words: other text (社保, 档案…) goes on to keywords and search.
    match: { kinds: ['text', 'voice'], step: { prefix: 'menu.' }, when: (ctx) => parseMenuInput(ctx.text) !== undefined },
    handle: (ctx) => flow.step(ctx),
  };
  const click: Rule = {
    name: 'menus:key',
    priority: PRIORITY.menuKey,
    match: { events: ['click'], eventKey: { prefix: 'menu:' } },
    handle: (ctx) => flow.openCode(ctx, ctx.message.kind === 'event' && 'key' in ctx.message ? (ctx.message.key ?? '').slice('menu:'.length) : ''),
  };
  const trigger: Rule = {
    name: 'menus:open',
    priority: PRIORITY.featureKeyword + 10,
    match: { kinds: ['text', 'voice'], when: wantsMenu },
    handle: (ctx) => flow.openMain(ctx),
  };
  return {
    name: 'menus',
    onChange: (listener) => menus.onChange(listener),
    async rules(accountId) {
      const set = await menus.load(accountId);
      return set.menus.has(MAIN_MENU_CODE) ? [step, click, trigger] : [step, click];
    },
  };
}

/** Above search and the default reply: a digit after a menu closed gets an explanation, not a search. */
export function expiredMenuFallback(flow: MenuFlow): Fallback {
  return { name: 'menus:expired', priority: 500, handle: (ctx) => flow.expired(ctx) };
}
