import type { KeyValueStore } from '../../infra/kv/port.js';
import type { HandlerResult, MessageContext } from '../../router/types.js';
import type { Reply } from '../../wechat/types.js';
import { isEscapeWord, isMenuWord } from '../../router/escape.js';
import { CITIZEN_STEP_TTL } from './tickets.actions.js';
import type { TicketRepository } from './tickets.repository.js';
import type { TicketService } from './tickets.service.js';
import { progressText, texts } from './tickets.texts.js';
import { STATUS_LABELS } from './tickets.types.js';

const say = (content: string): Reply => ({ type: 'text', content });
/** Guessing 查询码s: a handful of lookups an hour is plenty for a citizen. */
const LOOKUPS_PER_HOUR = 20;

/** The citizen's side after filing: progress, "我的工单", supplements and ratings. */
export class CitizenDesk {
  constructor(
    private readonly service: TicketService,
    private readonly repo: TicketRepository,
    private readonly kv: KeyValueStore,
    /** The signed progress-page link for this citizen and ticket. */
    private readonly pageLink?: (accountId: string, ticketNo: string, openId: string) => string,
  ) {}

  /** `进度 <工单号> [查询码]` */
  async progress(ctx: MessageContext): Promise<HandlerResult> {
    const words = (ctx.text ?? '').replace(/^(查询|查)?进度/u, '').split(/[\s,，:：]+/u).filter(Boolean);
    const [ticketNo, code] = words;
    if (!ticketNo || !/^\d{11}$/.test(ticketNo)) return say(texts.progressUsage);
    const key = `tickets:lookups:${ctx.account.id}:${ctx.message.openId}`;
    if ((await this.kv.incr(key, 3600_000).catch(() => 0)) > LOOKUPS_PER_HOUR) return say(texts.progressLimited);
    const ticket = await this.service.findForCitizen(ctx.account.id, ctx.message.openId, ticketNo, code);
    if (!ticket) return say(texts.progressNotFound);
    const events = await this.repo.events(ticket.id, 'public');
    const merged = ticket.mergedInto ? (await this.repo.get(ctx.account.id, ticket.mergedInto))?.ticketNo : undefined;
    const link = this.pageLink ? `\n详情（含附件）：${this.pageLink(ctx.account.id, ticket.ticketNo, ctx.message.openId)}` : '';
    return say(progressText(ticket, events, merged) + link);
  }

  async mine(ctx: MessageContext): Promise<HandlerResult> {
    const tickets = await this.service.mine(ctx.account.id, ctx.message.openId, 5);
    if (tickets.length === 0) return say(texts.mineEmpty);
    const lines = tickets.map((t, i) => `${i + 1}. ${t.ticketNo} ${t.category} ${STATUS_LABELS[t.status].public}`);
    return say(`您最近的工单：\n${lines.join('\n')}\n查看详情请回复“进度 工单号”。`);
  }

  /** `评价`: rate the latest closed ticket not yet rated. */
  async startRating(ctx: MessageContext): Promise<HandlerResult> {
    const [ticket] = (await this.service.mine(ctx.account.id, ctx.message.openId, 10, ['closed'])).filter((t) => !t.ratedAt || (t.closedAt && t.ratedAt < t.closedAt));
    if (!ticket) return say(texts.nothingToRate);
    await ctx.conversation.start('rating.await', { ticketId: ticket.id }, CITIZEN_STEP_TTL);
    return say(`工单${ticket.ticketNo}：${texts.ratingAsk}`);
  }

  async rate(ctx: MessageContext): Promise<HandlerResult> {
    const ticketId = Number(ctx.conversation.current?.data.ticketId);
    await ctx.conversation.end();
    if (ctx.text === '退出' || ctx.text === '0') return say(texts.ratingLeft);
    const ticket = await this.repo.getForCitizen(ctx.account.id, ticketId);
    const result = ticket ? await this.service.rate(ticket, Number(ctx.text), ctx.deliveryKey) : 'not_rateable';
    if (result === 'not_rateable') return say(texts.nothingToRate);
    return say(result === 'reopened' ? texts.ratingLow : texts.ratingThanks);
  }

  /** `补充`: answer the latest request for information. */
  async startSupplement(ctx: MessageContext): Promise<HandlerResult> {
    const [ticket] = await this.service.mine(ctx.account.id, ctx.message.openId, 1, ['awaiting_info']);
    if (!ticket) return say(texts.infoNothing);
    await ctx.conversation.start('ticket.info', { ticketId: ticket.id, confirmed: true }, CITIZEN_STEP_TTL);
    return say(texts.infoStart(ticket));
  }

  /**
   * The citizen's next message after request-info is attached to the ticket. Photos,
   * voice and locations are plainly the answer; text that arrives unasked (not after
   * 补充) may be a new question, so the citizen confirms first: 1 attaches it, 2 routes
   * it as the new message it is.
   */
  async supplement(ctx: MessageContext): Promise<HandlerResult> {
    if (isEscapeWord(ctx.text)) {
      await ctx.conversation.end();
      return isMenuWord(ctx.text) ? ((await ctx.perform('menu:main')) ?? say(texts.infoLeft)) : say(texts.infoLeft);
    }
    const data = ctx.conversation.current?.data ?? {};
    const ticket = await this.repo.getForCitizen(ctx.account.id, Number(data.ticketId));
    if (!ticket) {
      await ctx.conversation.end();
      return say(texts.infoNothing);
    }
    const m = ctx.message;
    const pending = typeof data.pending === 'object' && data.pending !== null ? (data.pending as { text: string; via: string }) : undefined;
    if (pending) {
      if (ctx.text === '2') {
        await ctx.conversation.end();
        return ctx.perform(`keyword:${pending.text}`);
      }
      if (ctx.text !== '1') return say(texts.infoConfirmAgain);
    }
    const typed = ctx.rawText?.trim();
    if (!pending && (ctx.text === '补充' || ctx.text === '补充材料')) {
      // The citizen says outright that a supplement follows: the next message is it.
      await ctx.conversation.start('ticket.info', { ticketId: ticket.id, confirmed: true }, CITIZEN_STEP_TTL);
      return say(texts.infoStart(ticket));
    }
    if (!pending && typed && data.confirmed !== true) {
      await ctx.conversation.start('ticket.info', { ticketId: ticket.id, pending: { text: typed.slice(0, 3000), via: m.kind } }, CITIZEN_STEP_TTL);
      return say(texts.infoConfirm(ticket, typed));
    }
    let detail: Record<string, unknown>;
    if (pending) detail = pending;
    else if (typed) detail = { text: typed.slice(0, 3000), via: m.kind };
    else if (m.kind === 'location') detail = { location: { lat: m.lat, lng: m.lng, label: m.label } };
    else if (m.kind === 'image' || m.kind === 'voice') {
      const saved = await this.service.saveMedia(ctx.account, m.msgId, m.mediaId, m.kind, { ticketId: ticket.id }, ctx.deliveryKey);
      if (!saved.ok) return say(saved.reason === 'too_large' ? texts.imageTooLarge : texts.imageFailed);
      detail = { attachmentId: saved.attachment.id, kind: m.kind };
    } else return say(texts.infoUnsupported);
    await ctx.conversation.end();
    await this.service.supplement(ticket, detail, ctx.deliveryKey);
    return say(texts.infoThanks);
  }
}
