import type { PiiCipher } from '../../lib/pii.js';
import { maskName, maskPhone } from '../../lib/mask.js';
import { actionKey, parseAction } from '../../router/action-uri.js';
import { isEscapeWord, isMenuWord, LEFT_FLOW } from '../../router/escape.js';
import { PRIORITY, type HandlerResult, type MessageContext, type Rule } from '../../router/types.js';
import type { ParticipationUrls } from './links.js';
import type { TipCollection, TipRepository } from './tips.repository.js';

export const inPeriod = (c: TipCollection, now: Date) => (!c.startsAt || now >= c.startsAt) && (!c.endsAt || now < c.endsAt);
export const TIPS_STEP = 'tips.collect';
export const TIPS_CONTACT_STEP = 'tips.contact';
const TTL_SECONDS = 30 * 60;
const MAX_PHOTOS = 9;
const MAX_CHARS = 2000;
const say = (content: string) => ({ type: 'text' as const, content });
const DONE = new Set(['完成', '提交', '好了']);
const leaves = (text: string) => isEscapeWord(text) || text === '取消';
const leave = async (ctx: MessageContext, text: string): Promise<HandlerResult> => {
  await ctx.conversation.end();
  if (isMenuWord(text)) return (await ctx.perform('menu:main')) ?? say(LEFT_FLOW);
  return say('已退出，线索未提交。');
};
const CONTACT = /^(\S{1,20})\s+(1[3-9]\d{9})$/;

interface Draft {
  collectionId: number;
  parts: string[];
  photos: Array<{ mediaId: string; picUrl: string }>;
  location: { lat: number; lng: number; label: string } | null;
  /** MsgIds already taken: a redelivered message adds nothing. */
  seen: string[];
}


function askFor(c: TipCollection, link: string): string {
  const extras = [c.photos ? '照片' : '', c.location ? '位置' : ''].filter(Boolean).join('和');
  return `【${c.title}】\n${c.prompt}\n请用文字描述${extras ? `，可发送${extras}` : ''}。说完请回复“完成”；回复“退出”放弃。\n也可在网页填写：${link}`;
}

/**
 * `tips:<id>` opens a tip collection (线索征集): text, photos and location gathered in the
 * conversation (step `tips.collect`), an optional contact, then one tip per delivery.
 */
export function tipRules(repo: TipRepository, pii: PiiCipher, urls: ParticipationUrls): Rule[] {
  const open = async (ctx: MessageContext): Promise<HandlerResult> => {
    const id = Number(parseAction(actionKey(ctx), 'tips:').argument);
    const c = Number.isSafeInteger(id) && id > 0 ? await repo.collection(ctx.account.id, id) : undefined;
    if (!c) return say('该线索征集不存在或已结束。');
    if (!inPeriod(c, ctx.now)) return say(`“${c.title}”不在征集时间内，感谢关注。`);
    const draft: Draft = { collectionId: c.id, parts: [], photos: [], location: null, seen: [] };
    await ctx.conversation.start(TIPS_STEP, { ...draft }, TTL_SECONDS);
    return say(askFor(c, urls.tips(ctx.account.id, c.id, ctx.message.openId, ctx.now.getTime())));
  };

  const submit = async (ctx: MessageContext, draft: Draft, contact: { name: string; phone: string } | null): Promise<HandlerResult> => {
    const { id } = await repo.insert({
      accountId: ctx.account.id,
      collectionId: draft.collectionId,
      openIdEnc: pii.encrypt(ctx.message.openId),
      content: draft.parts.join('\n').slice(0, MAX_CHARS),
      photos: draft.photos,
      location: draft.location,
      contactEnc: contact ? pii.encrypt(JSON.stringify(contact)) : null,
      contactMasked: contact ? `${maskName(contact.name)} ${maskPhone(contact.phone)}` : null,
      deliveryKey: ctx.deliveryKey ? pii.hash('delivery', ctx.deliveryKey) : null,
    });
    await ctx.conversation.end();
    return say(`线索已收到（编号${id}），感谢您的参与！工作人员将认真核实。`);
  };

  const collect = async (ctx: MessageContext): Promise<HandlerResult> => {
    const draft = ctx.conversation.current!.data as unknown as Draft;
    const c = await repo.collection(ctx.account.id, draft.collectionId);
    if (!c) {
      await ctx.conversation.end();
      return say('该线索征集不存在或已结束。');
    }
    const m = ctx.message;
    const text = (ctx.rawText ?? ctx.text ?? '').trim();
    if (leaves(text)) return leave(ctx, text);
    if (DONE.has(text)) {
      if (draft.parts.length === 0) return say('请先用文字描述线索，再回复“完成”。');
      if (c.contact) {
        await ctx.conversation.start(TIPS_CONTACT_STEP, { ...draft }, TTL_SECONDS);
        return say('是否留下联系方式，方便工作人员核实？回复“姓名 手机号”，如：张三 13800001234；回复“1”不留。');
      }
      return submit(ctx, draft, null);
    }
    const msgId = 'msgId' in m ? String(m.msgId) : '';
    if (msgId && draft.seen.includes(msgId)) return say('已记录。说完请回复“完成”。');
    const next: Draft = { ...draft, seen: msgId ? [...draft.seen, msgId].slice(-30) : draft.seen };
    let answer: string;
    if (m.kind === 'image') {
      if (!c.photos) return say('本次征集不收照片，请用文字描述。说完请回复“完成”。');
      if (draft.photos.length >= MAX_PHOTOS) return say(`最多可发送${MAX_PHOTOS}张照片。说完请回复“完成”。`);
      next.photos = [...draft.photos, { mediaId: m.mediaId, picUrl: m.picUrl }];
      answer = `已收到第${next.photos.length}张照片。说完请回复“完成”。`;
    } else if (m.kind === 'location') {
      next.location = { lat: m.lat, lng: m.lng, label: m.label };
      answer = `已记录位置：${m.label}。说完请回复“完成”。`;
    } else if (text) {
      next.parts = [...draft.parts, text];
      answer = '已记录。可继续补充，说完请回复“完成”。';
    } else {
      return say('请发送文字、照片或位置。说完请回复“完成”。');
    }
    await ctx.conversation.start(TIPS_STEP, { ...next }, TTL_SECONDS);
    return say(answer);
  };

  const contact = async (ctx: MessageContext): Promise<HandlerResult> => {
    const draft = ctx.conversation.current!.data as unknown as Draft;
    const text = (ctx.rawText ?? ctx.text ?? '').trim();
    if (leaves(text)) return leave(ctx, text);
    if (text === '1') return submit(ctx, draft, null);
    const match = CONTACT.exec(text);
    if (!match) return say('请按“姓名 手机号”回复（如：张三 13800001234），或回复“1”不留联系方式。');
    return submit(ctx, draft, { name: match[1]!, phone: match[2]! });
  };

  return [
    { name: 'participation:tips-action', priority: PRIORITY.menuKey, match: { events: ['click'], eventKey: { prefix: 'tips:' } }, handle: open },
    {
      name: 'participation:tips-collect',
      priority: PRIORITY.conversationStep,
      match: { kinds: ['text', 'voice', 'image', 'location'], step: TIPS_STEP },
      handle: collect,
    },
    { name: 'participation:tips-contact', priority: PRIORITY.conversationStep, match: { kinds: ['text', 'voice'], step: TIPS_CONTACT_STEP }, handle: contact },
  ];
}
