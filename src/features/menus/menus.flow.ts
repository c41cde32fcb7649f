import type { KeyValueStore } from '../../infra/kv/port.js';
import type { HandlerResult, MessageContext } from '../../router/types.js';
import type { FeatureContext } from '../feature.js';
import { menuCodeOf } from './menus.actions.js';
import { parseMenuInput, renderMenu, resolve, TEXT } from './menus.render.js';
import { MAIN_MENU_CODE, type MenuLocation, type MenuSet, type NumberedMenuService } from './menus.service.js';

export const MENU_STEP = 'menu.browse';
/** Idle time before a menu closes; generous, elderly citizens read slowly. */
export const MENU_TTL_SECONDS = 15 * 60;
/** How long we remember that a citizen had a menu, to explain a digit sent after it closed. */
const RECENT_MENU_TTL_MS = 6 * 60 * 60_000;
/** Jumps between menus are remembered for "0", up to this many levels. */
const MAX_STACK = 10;

/** A position in a tree, with the tree's version when it was shown. */
interface Frame extends MenuLocation {
  v: number;
}
interface MenuState {
  stack: Frame[];
}

const recentKey = (ctx: MessageContext) => `menu:recent:${ctx.account.id}:${ctx.message.openId}`;
const minutes = MENU_TTL_SECONDS / 60;

/** Numbered-menu navigation: open, choose by digit, go back with 0, leave with 退出, explain expiry. */
export class MenuFlow {
  constructor(
    private readonly menus: NumberedMenuService,
    private readonly kv: KeyValueStore,
    private readonly sessions: FeatureContext['sessions'],
  ) {}

  /** 菜单 / 帮助 / ? / 0: the main menu. */
  async openMain(ctx: MessageContext): Promise<HandlerResult> {
    const set = await this.menus.load(ctx.account.id);
    const main = set.menus.get(MAIN_MENU_CODE);
    if (!main) return { type: 'text', content: TEXT.unknownMenu };
    // "0" after the menu closed on its own: say so, then show the main menu.
    const note = ctx.text === '0' && !ctx.conversation.current && (await this.hadMenu(ctx)) ? TEXT.expiredBackToMain(minutes) : undefined;
    return this.show(ctx, set, [{ menu: main.code, path: [], v: main.version }], note);
  }

  /** `menu:<code>`: the tree or sub-menu with that code. */
  async openCode(ctx: MessageContext, code: string): Promise<HandlerResult> {
    const set = await this.menus.load(ctx.account.id);
    const frame = this.frameFor(set, code);
    if (!frame) {
      ctx.log.warn({ code }, 'menu key names no numbered menu');
      return { type: 'text', content: TEXT.unknownMenu };
    }
    return this.show(ctx, set, [frame]);
  }

  /** A reply while a menu is open. */
  async step(ctx: MessageContext): Promise<HandlerResult> {
    const input = parseMenuInput(ctx.text);
    const state = ctx.conversation.current?.data as MenuState | undefined;
    const stack = Array.isArray(state?.stack) ? state.stack : [];
    if (!input || input.kind === 'leave' || stack.length === 0) return this.leave(ctx);
    const set = await this.menus.load(ctx.account.id);
    const top = stack[stack.length - 1]!;
    const here = this.current(set, top);
    if (!here) return this.restart(ctx, set, top.menu);

    if (input.kind === 'back') {
      if (stack.length > 1) {
        const previous = stack.slice(0, -1);
        return this.current(set, previous[previous.length - 1]!) ? this.show(ctx, set, previous) : this.restart(ctx, set, top.menu);
      }
      if (top.path.length > 0) return this.show(ctx, set, [{ ...top, path: top.path.slice(0, -1) }]);
      return this.leave(ctx);
    }

    const choice = here.items[input.n - 1];
    if (!choice) return this.show(ctx, set, stack, TEXT.invalid(input.shown, here.items.length));
    if (choice.items) return this.show(ctx, set, [...stack, { ...top, path: [...top.path, input.n - 1] }]);
    const jump = menuCodeOf(choice.action);
    if (jump) {
      const frame = this.frameFor(set, jump);
      return frame ? this.show(ctx, set, [...stack, frame]) : this.show(ctx, set, stack, TEXT.unknownMenu);
    }
    // Keep the menu open (a fresh TTL) so the next digit still works; an action
    // that starts its own flow replaces this state, as there is one per citizen.
    await this.save(ctx, stack);
    const result = await ctx.perform(choice.action!);
    if (await this.replacedByAnotherFlow(ctx)) await this.kv.del(recentKey(ctx));
    const empty = result === null || (Array.isArray(result) && result.length === 0);
    return empty ? { type: 'text', content: TEXT.empty } : result;
  }

  /** A digit with no open menu: if this citizen had one lately, it timed out. */
  async expired(ctx: MessageContext): Promise<HandlerResult | undefined> {
    if (ctx.message.kind !== 'text' && ctx.message.kind !== 'voice') return undefined;
    const current = ctx.conversation.current;
    if (current && current.step !== MENU_STEP) return undefined;
    const input = parseMenuInput(ctx.text);
    if (input?.kind !== 'choice' || input.n > 9) return undefined;
    if (!(await this.hadMenu(ctx))) return undefined;
    await this.kv.del(recentKey(ctx));
    return { type: 'text', content: TEXT.expired(minutes) };
  }

  private frameFor(set: MenuSet, code: string): Frame | undefined {
    const location = set.codes.get(code);
    const menu = location && set.menus.get(location.menu);
    return location && menu ? { ...location, v: menu.version } : undefined;
  }

  /** The sub-menu a frame points at, unless the tree was edited since it was shown. */
  private current(set: MenuSet, frame: Frame) {
    const resolved = resolve(set, frame);
    return resolved && resolved.menu.version === frame.v ? resolved : undefined;
  }

  private async restart(ctx: MessageContext, set: MenuSet, preferred: string): Promise<HandlerResult> {
    const menu = set.menus.get(preferred) ?? set.menus.get(MAIN_MENU_CODE);
    if (!menu) return this.leave(ctx, TEXT.unknownMenu);
    return this.show(ctx, set, [{ menu: menu.code, path: [], v: menu.version }], TEXT.updated);
  }

  private async show(ctx: MessageContext, set: MenuSet, stack: Frame[], note?: string): Promise<HandlerResult> {
    const kept = stack.slice(-MAX_STACK);
    const resolved = resolve(set, kept[kept.length - 1]!)!;
    await this.save(ctx, kept);
    return { type: 'text', content: renderMenu(resolved, note) };
  }

  private async save(ctx: MessageContext, stack: Frame[]): Promise<void> {
    await ctx.conversation.start(MENU_STEP, { stack } satisfies MenuState, MENU_TTL_SECONDS);
    await this.kv.set(recentKey(ctx), '1', RECENT_MENU_TTL_MS);
  }

  private async leave(ctx: MessageContext, content: string = TEXT.left): Promise<HandlerResult> {
    await ctx.conversation.end();
    await this.kv.del(recentKey(ctx));
    return { type: 'text', content };
  }

  /** True when the action started another feature's flow (one state per citizen): later digits are theirs. */
  private async replacedByAnotherFlow(ctx: MessageContext): Promise<boolean> {
    const now = await this.sessions.get(ctx.account.id, ctx.message.openId).catch(() => null);
    return now !== null && now.step !== MENU_STEP;
  }

  private async hadMenu(ctx: MessageContext): Promise<boolean> {
    return (await this.kv.get(recentKey(ctx)).catch(() => null)) !== null;
  }
}
