import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from '../../infra/kv/port.js';
import { maskName, maskPhone } from '../../lib/mask.js';
import { isEscapeWord, isMenuWord } from '../../router/escape.js';
import type { HandlerResult, MessageContext } from '../../router/types.js';
import type { Reply } from '../../wechat/types.js';
import { draftContent, type Draft, type TicketService } from './tickets.service.js';
import type { AlertOutcome } from './tickets.alert.js';
import { MAX_IMAGES, texts } from './tickets.texts.js';
import type { Category } from './tickets.types.js';

/** Describing a matter with photos takes a while; the flow stays open 30 minutes idle. */
export const FLOW_TTL_SECONDS = 1800;
/** Remembers for a day that a citizen was filing, to explain an expired session. */
const MARKER_TTL_MS = 24 * 3600_000;
const MAX_TEXT = 3000;

const say = (content: string): Reply => ({ type: 'text', content });
/**
 * How long the reply waits to learn whether the duty desk got the alert; WeChat
 * gives a passive reply five seconds. Later than this the citizen hears "pending".
 */
const ALERT_WAIT_MS = 2500;

function within(outcome: Promise<AlertOutcome>, ms: number): Promise<AlertOutcome | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
    timer.unref();
  });
  return Promise.race([outcome, late]).finally(() => clearTimeout(timer));
}
const DONE = new Set(['完成', '好了', '说完了', '提交']);
const markerKey = (ctx: MessageContext) => `tickets:flow:${ctx.account.id}:${ctx.message.openId}`;

/** Filing by conversation: describe (text, voice, photos, location) → contact → confirm → 工单号. */
export class FilingFlow {
  constructor(
    private readonly service: TicketService,
    private readonly kv: KeyValueStore,
  ) {}

  /**
   * Opens filing; `text` (from `ticket:投诉?text=…`) is the first part of the content.
   * The same category already being described keeps its draft and gains the text.
   */
  async start(ctx: MessageContext, category: Category, text?: string): Promise<HandlerResult> {
    const current = ctx.conversation.current;
    const open = current?.step === 'ticket.describe' && this.service.openDraft(current.data).category === category;
    const draft: Draft = open
      ? this.service.openDraft(current!.data)
      : { draftId: randomUUID(), category, parts: [], imageIds: [], voiceIds: [], location: null, contact: null, anonymous: false, seen: [] };
    const words = text?.slice(0, MAX_TEXT - draft.parts.join('').length);
    if (words) draft.parts.push(words);
    await this.save(ctx, 'ticket.describe', draft);
    if (!words) return say(texts.start(category));
    return say(open ? texts.recorded(draft.parts.length, draft.imageIds.length) : texts.startWith(category, words));
  }

  /** A digit or 完成 with no live state from someone who was filing: the session expired. */
  async expired(ctx: MessageContext): Promise<HandlerResult | undefined> {
    if (ctx.conversation.current || ctx.text === undefined) return undefined;
    if (!/^[0-2]$/.test(ctx.text) && !DONE.has(ctx.text)) return undefined;
    if (!(await this.kv.get(markerKey(ctx)).catch(() => null))) return undefined;
    await this.kv.del(markerKey(ctx)).catch(() => undefined);
    return say(texts.expired);
  }

  async step(ctx: MessageContext): Promise<HandlerResult> {
    const current = ctx.conversation.current!;
    const draft = this.service.openDraft(current.data);
    if (isEscapeWord(ctx.text)) return this.leave(ctx);
    switch (current.step) {
      case 'ticket.describe':
        return this.describe(ctx, draft);
      case 'ticket.contact':
        return this.contact(ctx, draft);
      default:
        return this.confirm(ctx, draft);
    }
  }

  private async describe(ctx: MessageContext, draft: Draft): Promise<HandlerResult> {
    const m = ctx.message;
    if ('msgId' in m && m.msgId && draft.seen.includes(m.msgId)) return say(texts.recorded(draft.parts.length, draft.imageIds.length));
    if (ctx.text === '0') return this.leave(ctx);
    if (ctx.text !== undefined && DONE.has(ctx.text)) {
      if (!draft.parts.length && !draft.voiceIds.length) return say(texts.needDescription);
      await this.save(ctx, 'ticket.contact', draft);
      return say(texts.contact(draft.category));
    }
    let reply: string | null;
    if (m.kind === 'event') {
      if (m.event === 'location_report') {
        // WeChat reports the position by itself: keep it unless the citizen chose one, answer nothing.
        if (draft.location?.source !== 'message') draft.location = { lat: m.lat, lng: m.lng, source: 'report' };
        reply = null;
      } else if (m.event === 'location_select') {
        draft.location = { lat: m.lat, lng: m.lng, label: m.label || m.poiName, source: 'message' };
        reply = texts.locationSaved(draft.location.label || `${m.lat},${m.lng}`);
      } else return say(texts.unsupported);
    } else if (m.kind === 'location') {
      draft.location = { lat: m.lat, lng: m.lng, label: m.label, source: 'message' };
      reply = texts.locationSaved(m.label || `${m.lat},${m.lng}`);
    } else if (ctx.rawText !== undefined && ctx.rawText.trim()) {
      const room = MAX_TEXT - draft.parts.join('').length;
      if (room > 0) draft.parts.push((m.kind === 'voice' ? '（语音）' : '') + ctx.rawText.trim().slice(0, room));
      reply = texts.recorded(draft.parts.length, draft.imageIds.length);
    } else if (m.kind === 'image' || m.kind === 'voice') {
      if (m.kind === 'image' && draft.imageIds.length >= MAX_IMAGES) return say(texts.tooManyImages);
      const saved = await this.service.saveMedia(ctx.account, m.msgId, m.mediaId, m.kind, { draftId: draft.draftId }, ctx.deliveryKey);
      if (!saved.ok) return say(saved.reason === 'too_large' ? texts.imageTooLarge : texts.imageFailed);
      const list = m.kind === 'image' ? draft.imageIds : draft.voiceIds;
      if (!list.includes(saved.attachment.id)) list.push(saved.attachment.id);
      reply = m.kind === 'image' ? texts.imageSaved(draft.imageIds.length) : texts.voiceSaved;
    } else return say(texts.unsupported);
    if ('msgId' in m && m.msgId) draft.seen = [...draft.seen.slice(-19), m.msgId];
    await this.save(ctx, 'ticket.describe', draft);
    return reply === null ? null : say(reply);
  }

  private async contact(ctx: MessageContext, draft: Draft): Promise<HandlerResult> {
    const text = ctx.text ?? '';
    if (text === '0') {
      await this.save(ctx, 'ticket.describe', draft);
      return say(`已返回。${texts.recorded(draft.parts.length, draft.imageIds.length)}`);
    }
    if (text === '1' || text === '2') {
      draft.anonymous = text === '2';
      draft.contact = null;
      return this.toConfirm(ctx, draft);
    }
    const raw = (ctx.rawText ?? '').normalize('NFKC').trim();
    const match = /^(.{0,20}?)[\s,，、:：]*((?:\+?86)?\d{11})$/u.exec(raw);
    if (!match) return say(/\d{6,}/.test(raw) ? texts.badPhone : texts.badContact);
    const phone = match[2]!.replace(/^\+?86/, '');
    if (!/^1[3-9]\d{9}$/.test(phone)) return say(texts.badPhone);
    const name = match[1]!.trim();
    draft.contact = { phone, ...(name ? { name } : {}) };
    draft.anonymous = false;
    return this.toConfirm(ctx, draft);
  }

  private async toConfirm(ctx: MessageContext, draft: Draft): Promise<HandlerResult> {
    await this.save(ctx, 'ticket.confirm', draft);
    const content = draftContent(draft);
    const who = draft.anonymous
      ? '匿名提交'
      : draft.contact
        ? [draft.contact.name && maskName(draft.contact.name), draft.contact.phone && maskPhone(draft.contact.phone)].filter(Boolean).join(' ')
        : '不留联系方式';
    const lines = [
      `类别：${draft.category}`,
      `内容：${content.length > 120 ? `${content.slice(0, 120)}…` : content}`,
      ...(draft.imageIds.length ? [`照片：${draft.imageIds.length}张`] : []),
      ...(draft.location ? [`位置：${draft.location.label || '已获取您的当前位置'}`] : []),
      `联系方式：${who}`,
      ...(draft.category === '举报' ? ['举报人信息严格保密。'] : []),
    ];
    return say(texts.confirm(lines.join('\n')));
  }

  private async confirm(ctx: MessageContext, draft: Draft): Promise<HandlerResult> {
    if (ctx.text === '0') {
      await this.save(ctx, 'ticket.contact', draft);
      return say(texts.contact(draft.category));
    }
    if (ctx.text !== '1') return say(texts.confirmAgain);
    const msgId = 'msgId' in ctx.message ? (ctx.message.msgId ?? null) : null;
    const { ticket, queryCode, created, days, alert } = await this.service.file(ctx.account.id, ctx.message.openId, draft, msgId, ctx.now, ctx.deliveryKey ?? null);
    await ctx.conversation.end();
    await this.kv.del(markerKey(ctx)).catch(() => undefined);
    if (!created) return say(texts.alreadyFiled(ticket));
    return say(texts.filed(ticket, queryCode, days, alert && (await within(alert, ALERT_WAIT_MS))));
  }

  /** 退出 / 取消 leave; 菜单 leaves and shows the menu. Nothing half-written is kept. */
  private async leave(ctx: MessageContext): Promise<HandlerResult> {
    await ctx.conversation.end();
    await this.kv.del(markerKey(ctx)).catch(() => undefined);
    if (isMenuWord(ctx.text)) return (await ctx.perform('menu:main')) ?? say(texts.left);
    return say(texts.left);
  }

  private async save(ctx: MessageContext, step: string, draft: Draft): Promise<void> {
    await ctx.conversation.start(step, this.service.sealDraft(draft), FLOW_TTL_SECONDS);
    await this.kv.set(markerKey(ctx), step, MARKER_TTL_MS).catch(() => undefined);
  }
}
