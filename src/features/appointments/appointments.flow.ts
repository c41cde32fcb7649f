import { randomUUID } from 'node:crypto';
import { isMenuWord } from '../../router/escape.js';
import type { HandlerResult, MessageContext } from '../../router/types.js';
import * as msg from './appointments.messages.js';
import { draftOf, finish, justBooked, stepOf, type Draft, type Step } from './flow.state.js';
import { bookDraft, cancelDraft } from './flow.outcomes.js';
import { FlowViews, type FlowDeps } from './flow.views.js';
import { asciiDigits, checkIdNumber, checkName, checkPhone, isBack, isExit, parseChoice } from './input.js';

const text = (content: string): HandlerResult => ({ type: 'text', content });
const YES = new Set(['确认', '确定', '是', '是的', '好', '好的', '对', '确认预约']);
const NO = new Set(['取消', '不', '不要', '否', '算了']);
/** At "cancel this booking?", 取消 means yes. */
const CANCEL_YES = new Set(['确认', '确定', '是', '是的', '好', '好的', '对', '取消', '确认取消', '取消预约']);
const CANCEL_NO = new Set(['不', '不要', '否', '算了', '保留', '保留预约', '不取消']);
const CANCEL_COMMAND = /^\s*取消(预约|挂号)\s*[:：]?\s*([0-9０-９零〇一二三四五六七八九幺两\s]*)\s*[。.!！]?\s*$/u;

/** 1/2 questions also accept words (said or typed): 确认 / 取消, 保留… */
function yesNo(input: string, yes = YES, no = NO): string {
  const t = input.replace(/\s+/g, '');
  return yes.has(t) ? '1' : no.has(t) ? '2' : input;
}

/**
 * The booking conversation: services → (department/doctor) → date → slot → name →
 * phone → ID number (when required) → confirmation → result. `0` goes back,
 * `退出` leaves, anything unexpected is asked again with the reason.
 */
export class BookingFlow {
  private readonly views: FlowViews;

  constructor(private readonly deps: FlowDeps) {
    this.views = new FlowViews(deps);
  }

  /** 预约, the `appointment` key, or `appointment:<code>` for one service (a linked guide's code works too). */
  async start(ctx: MessageContext, code?: string): Promise<HandlerResult> {
    const draft: Draft = { draftId: randomUUID() };
    if (!code) return text(await this.views.services(ctx, draft));
    const { services } = this.deps;
    const service = (await services.getByCode(ctx.account.id, code)) ?? (await services.getByGuide(ctx.account.id, code));
    if (!service || service.enabled === false) return text(await this.views.services(ctx, draft, `没有找到预约服务“${code}”，请从下面选择。`));
    return text(await this.views.afterService(ctx, draft, service));
  }

  async mine(ctx: MessageContext): Promise<HandlerResult> {
    return text(await this.views.mine(ctx, { draftId: randomUUID() }));
  }

  /** `取消预约 <预约号>`; without a number it lists the citizen's bookings to pick from. */
  async cancelCommand(ctx: MessageContext): Promise<HandlerResult> {
    const match = CANCEL_COMMAND.exec((ctx.rawText ?? '').normalize('NFKC'));
    const no = match ? asciiDigits(match[2] ?? '').replace(/\s+/g, '') : '';
    const draft: Draft = { draftId: randomUUID() };
    if (!no) return text(await this.views.mine(ctx, draft));
    const booking = await this.deps.bookings.findMine(ctx.account.id, ctx.message.openId, no);
    if (!booking) {
      await finish(ctx, this.deps.kv);
      return text(msg.bookingNotFound(no));
    }
    return text(await this.views.cancelPrompt(ctx, draft, booking.id));
  }

  async expired(): Promise<HandlerResult> {
    return text(msg.EXPIRED);
  }

  /** A repeated "1" (or 确认) right after booking: the booking, not silence. */
  async repeatedConfirm(ctx: MessageContext): Promise<HandlerResult | undefined> {
    if (ctx.text !== '1' && ctx.text !== '确认') return undefined;
    const no = await justBooked(ctx, this.deps.kv);
    return no ? text(msg.alreadyBooked(no)) : undefined;
  }

  /** A message while the citizen is in the flow. */
  async handle(ctx: MessageContext): Promise<HandlerResult> {
    const step = stepOf(ctx)!;
    const draft = draftOf(ctx);
    const input = ctx.text;
    if (input === undefined || input === '') {
      // Keep the state alive: a picture or an unrecognised voice message is not an answer.
      await ctx.conversation.start(ctx.conversation.current!.step, ctx.conversation.current!.data);
      return text(ctx.message.kind === 'voice' ? msg.VOICE_UNCLEAR : `请回复文字或语音。${msg.FOOTER}`);
    }
    if (isExit(input) || isMenuWord(input) || (input === '取消' && step !== 'confirm' && step !== 'cancel')) {
      await finish(ctx, this.deps.kv);
      return isMenuWord(input) ? ((await ctx.perform('menu:main')) ?? text(msg.EXIT_DONE)) : text(msg.EXIT_DONE);
    }
    if (input === '我的预约') return this.mine(ctx);
    if (CANCEL_COMMAND.test((ctx.rawText ?? '').normalize('NFKC'))) return this.cancelCommand(ctx);
    if (input === '预约') return this.start(ctx);
    if (isBack(input)) return text(await this.back(ctx, step, draft));
    return text(await this.answer(ctx, step, draft, input));
  }

  private async back(ctx: MessageContext, step: Step, draft: Draft): Promise<string> {
    const v = this.views;
    const found = await v.loaded(ctx, draft);
    switch (step) {
      case 'service':
      case 'mine':
        await finish(ctx, this.deps.kv);
        return step === 'service' ? msg.EXIT_DONE : '已退出“我的预约”。如需预约，请回复“预约”。';
      case 'resource':
        return v.services(ctx, draft);
      case 'date':
        return found?.service.resources?.length ? v.afterService(ctx, draft, found.service) : v.services(ctx, draft);
      case 'slot':
        return v.dates(ctx, draft);
      case 'name':
      case 'full':
        return v.slots(ctx, draft);
      case 'phone':
        return v.askName(ctx, draft);
      case 'idnum':
        return v.askPhone(ctx, draft);
      case 'confirm':
        return found?.service.requireIdNumber ? v.askIdNumber(ctx, draft) : v.askPhone(ctx, draft);
      case 'cancel':
        return v.mine(ctx, draft);
    }
  }

  private async answer(ctx: MessageContext, step: Step, draft: Draft, input: string): Promise<string> {
    const v = this.views;
    const raw = ctx.rawText ?? input;
    const options = draft.options ?? [];
    const pick = (again: (notice: string) => Promise<string>, then: (value: string) => Promise<string>, value = input) => {
      const choice = parseChoice(value, options.length);
      return choice.ok ? then(options[choice.index - 1]!) : again(choice.reason);
    };
    switch (step) {
      case 'service':
        return pick(
          (n) => v.services(ctx, draft, n),
          async (id) => {
            if (id === 'mine') return v.mine(ctx, draft);
            const service = await this.deps.services.get(ctx.account.id, Number(id));
            return service && service.enabled !== false ? v.afterService(ctx, draft, service) : v.services(ctx, draft, '该预约服务已调整，请重新选择。');
          },
        );
      case 'resource':
        return pick(
          async (n) => {
            const found = await v.loaded(ctx, draft);
            return found ? v.afterService(ctx, draft, found.service, n) : v.services(ctx, draft);
          },
          (code) => v.dates(ctx, { ...draft, resourceCode: code }),
        );
      case 'date':
        return pick((n) => v.dates(ctx, draft, n), (date) => v.slots(ctx, { ...draft, date }));
      case 'slot':
      case 'full':
        return pick(
          async (n) => (step === 'slot' ? v.slots(ctx, draft, n) : `${n}\n${msg.numbered(options.map((o) => `${msg.dayLabel(o.split(' ')[0]!)} ${o.split(' ')[1]}`))}\n${msg.FOOTER}`),
          async (value) => {
            const [date, range] = step === 'full' ? value.split(' ') : [draft.date!, value];
            const [start, end] = range!.split('-');
            const next = { ...draft, date, start, end };
            // Identity already given (changing the time from the confirmation): straight back to it.
            const complete = v.person(next) && (!(await v.loaded(ctx, next))?.service.requireIdNumber || next.idEnc);
            return complete ? v.identityDone(ctx, next) : v.askName(ctx, next);
          },
        );
      case 'name': {
        const name = checkName(raw);
        return name.ok ? v.askPhone(ctx, { ...draft, nameEnc: this.deps.cipher.encrypt(name.value) }) : `${name.reason}\n${msg.FOOTER}`;
      }
      case 'phone': {
        const phone = checkPhone(raw);
        if (!phone.ok) return `${phone.reason}\n${msg.FOOTER}`;
        const next = { ...draft, phoneEnc: this.deps.cipher.encrypt(phone.value) };
        return (await v.loaded(ctx, next))?.service.requireIdNumber ? v.askIdNumber(ctx, next) : v.identityDone(ctx, next);
      }
      case 'idnum': {
        const id = checkIdNumber(raw, ctx.now);
        return id.ok ? v.identityDone(ctx, { ...draft, idEnc: this.deps.cipher.encrypt(id.value) }) : `${id.reason}\n${msg.FOOTER}`;
      }
      case 'confirm': {
        const choice = parseChoice(yesNo(input), 2);
        if (!choice.ok) return v.confirm(ctx, draft, choice.reason);
        if (choice.index === 2) {
          await finish(ctx, this.deps.kv);
          return msg.DRAFT_DROPPED;
        }
        return bookDraft(this.deps, this.views, ctx, draft);
      }
      case 'mine':
        return pick((n) => v.mine(ctx, draft, n), (id) => v.cancelPrompt(ctx, draft, Number(id)));
      case 'cancel': {
        const choice = parseChoice(yesNo(input, CANCEL_YES, CANCEL_NO), 2);
        if (!choice.ok) return `${choice.reason}\n${msg.numbered(['确认取消', '保留预约'])}`;
        return cancelDraft(this.deps, ctx, draft, choice.index === 1);
      }
    }
  }
}
