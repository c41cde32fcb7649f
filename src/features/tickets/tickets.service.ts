import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { cstDate } from '../../calendar/dates.js';
import { isSimulated } from '../../inbox/message-view.js';
import { maskName, maskPhone } from '../../lib/mask.js';
import type { PiiCipher } from '../../lib/pii.js';
import type { Account } from '../../wechat/account.js';
import type { WechatApi } from '../../wechat/outbound.js';
import type { AttachmentRepository } from './ticket-attachments.repository.js';
import type { SettingsRepository } from './ticket-settings.repository.js';
import type { AlertOutcome, EmergencyAlerter } from './tickets.alert.js';
import { deadlinesOf, type Deadlines } from './tickets.deadlines.js';
import { openDraft, sealDraft } from './tickets.drafts.js';
import type { EventInput, TicketPatch, TicketRepository } from './tickets.repository.js';
import { transition } from './tickets.state.js';
import type { Attachment, Category, Ticket, TicketLocation } from './tickets.types.js';

/** Media larger than this is refused: a phone photo is well under it. */
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

/** What the citizen has said so far, kept in the conversation state until filing. */
export interface Draft {
  draftId: string;
  category: Category;
  parts: string[];
  imageIds: number[];
  voiceIds: number[];
  location: TicketLocation | null;
  contact: { name?: string; phone?: string } | null;
  anonymous: boolean;
  /** MsgIds already taken into the draft: a redelivered message adds nothing. */
  seen: string[];
}

export type MediaResult = { ok: true; attachment: Attachment } | { ok: false; reason: 'too_large' | 'failed' };

interface Deps {
  repo: TicketRepository;
  attachments: AttachmentRepository;
  settings: SettingsRepository;
  deadlines: Deadlines;
  pii: PiiCipher;
  alerter: EmergencyAlerter;
  wechatFor(account: Account): WechatApi;
  log: Logger;
}

export const draftContent = (draft: Draft): string =>
  draft.parts.join('\n') || (draft.voiceIds.length ? `（语音留言${draft.voiceIds.length}段，见附件）` : '');

/** Filing and the citizen's side of a ticket: progress, supplements, ratings. */
export class TicketService {
  constructor(private readonly deps: Deps) {}

  /** The draft as the conversation store keeps it: encrypted. */
  sealDraft(draft: Draft): Record<string, unknown> {
    return { ...sealDraft(this.deps.pii, draft) };
  }

  openDraft(data: Record<string, unknown>): Draft {
    return openDraft(this.deps.pii, data);
  }

  ownerHash(accountId: string, openId: string): string {
    return this.deps.pii.hash('ticket-owner', `${accountId}:${openId}`);
  }

  /** Salted with the draft id (random), so the 10^6 codes cannot be tabulated. */
  private codeHash(accountId: string, draftId: string, code: string): string {
    return this.deps.pii.hash('ticket-query-code', `${accountId}:${draftId}:${code}`);
  }

  async deadlineDays(accountId: string, category: Category): Promise<number> {
    return deadlinesOf(await this.deps.settings.get(accountId))[category];
  }

  /**
   * Fetches a photo or voice note once (a redelivery finds the stored copy) and keeps it if small enough.
   * `deliveryKey` (MessageContext.deliveryKey) names the sender too: two citizens' MsgIds can be equal.
   */
  async saveMedia(
    account: Account,
    msgId: string,
    mediaId: string,
    kind: Attachment['kind'],
    owner: { draftId: string } | { ticketId: number },
    delivery?: string,
  ): Promise<MediaResult> {
    const deliveryKey = this.stored(delivery) ?? `msg:${msgId}`;
    const existing = await this.deps.attachments.findByDelivery(account.id, deliveryKey);
    if (existing) return { ok: true, attachment: existing };
    let media: { data: Buffer; contentType: string };
    try {
      media = await this.deps.wechatFor(account).getMedia(mediaId);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, account: account.id }, 'media could not be fetched');
      return { ok: false, reason: 'failed' };
    }
    if (media.data.length > MAX_ATTACHMENT_BYTES) return { ok: false, reason: 'too_large' };
    const attachment = await this.deps.attachments.insert({
      accountId: account.id,
      ticketId: 'ticketId' in owner ? owner.ticketId : null,
      draftId: 'draftId' in owner ? owner.draftId : null,
      sourceMsgId: msgId,
      deliveryKey,
      kind,
      contentType: media.contentType,
      data: media.data,
    });
    return { ok: true, attachment };
  }

  async file(
    accountId: string,
    openId: string | null,
    draft: Draft,
    msgId: string | null,
    now: Date,
    deliveryKey: string | null = null,
  ): Promise<{ ticket: Ticket; queryCode?: string; created: boolean; days: number; alert?: Promise<AlertOutcome> }> {
    const { pii } = this.deps;
    const days = await this.deadlineDays(accountId, draft.category);
    const today = cstDate(now);
    const anonymous = draft.anonymous;
    const queryCode = anonymous ? String(randomInt(0, 1_000_000)).padStart(6, '0') : undefined;
    const contact = anonymous ? null : draft.contact;
    const { ticket, created } = await this.deps.repo.insert(
      {
        accountId,
        category: draft.category,
        channel: openId ? 'wechat' : 'hotline',
        content: draftContent(draft),
        location: draft.location,
        openIdEnc: openId ? pii.encrypt(openId) : null,
        openIdHash: openId && !anonymous ? this.ownerHash(accountId, openId) : null,
        anonymous,
        confidential: draft.category === '举报' || anonymous,
        nameEnc: contact?.name ? pii.encrypt(contact.name) : null,
        phoneEnc: contact?.phone ? pii.encrypt(contact.phone) : null,
        contactMasked: contact ? { name: contact.name && maskName(contact.name), phone: contact.phone && maskPhone(contact.phone) } : null,
        queryCodeHash: queryCode ? this.codeHash(accountId, draft.draftId, queryCode) : null,
        dueDate: await this.deps.deadlines.dueDate(accountId, today, days),
        draftId: draft.draftId,
        sourceMsgId: msgId,
        deliveryKey: this.stored(deliveryKey ?? undefined) ?? null,
        day: today,
        test: openId !== null && isSimulated(openId),
      },
      { action: 'filed', actor: anonymous ? 'citizen (anonymous)' : 'citizen', visibility: 'public', detail: { category: draft.category, channel: openId ? 'wechat' : 'hotline' } },
    );
    if (!created) return { ticket, created, days };
    const alert = ticket.category === '应急' ? this.deps.alerter.announce(ticket) : undefined;
    return { ticket, queryCode, created, days, alert };
  }

  /** A ticket the citizen may see: their own, or an anonymous one with the right 查询码. */
  async findForCitizen(accountId: string, openId: string, ticketNo: string, code?: string): Promise<Ticket | undefined> {
    const ticket = await this.deps.repo.getByNo(accountId, ticketNo);
    if (!ticket) return undefined;
    const secrets = await this.deps.repo.secrets(accountId, ticket.id);
    if (secrets.queryCodeHash && code) {
      const given = Buffer.from(this.codeHash(accountId, secrets.draftId, code));
      if (timingSafeEqual(given, Buffer.from(secrets.queryCodeHash))) return ticket;
    }
    if (ticket.anonymous) return undefined;
    return secrets.openIdHash === this.ownerHash(accountId, openId) ? ticket : undefined;
  }

  mine(accountId: string, openId: string, limit = 5, statuses?: Ticket['status'][]): Promise<Ticket[]> {
    return this.deps.repo.listForOwner(accountId, this.ownerHash(accountId, openId), limit, statuses);
  }

  /** The citizen's answer to request-info; the ticket returns to where it was. */
  async supplement(ticket: Ticket, detail: Record<string, unknown>, deliveryKey?: string): Promise<void> {
    const outcome = transition(ticket.status, ticket.resumeStatus, 'info_received');
    const event = { action: 'info_received', actor: ticket.anonymous ? 'citizen (anonymous)' : 'citizen', visibility: 'public' as const, detail };
    if (outcome.ok && (await this.move(ticket, ticket.status, outcome.move, [event], deliveryKey))) return;
    // Answered meanwhile: keep what the citizen sent, without a status change.
    const kept = [{ ...event, action: 'citizen_message' }];
    if (deliveryKey) await this.deps.repo.addEventsOnce(ticket.accountId, ticket.id, kept, this.stored(deliveryKey)!);
    else await this.deps.repo.addEvents(ticket.accountId, ticket.id, kept);
  }

  /** 一事一评: once per closing. 1 or 2 (差评) reopens the ticket for review. */
  async rate(ticket: Ticket, rating: number, deliveryKey?: string): Promise<'rated' | 'reopened' | 'not_rateable'> {
    if (ticket.status !== 'closed' || (ticket.ratedAt && ticket.closedAt && ticket.ratedAt > ticket.closedAt)) {
      // A repeated delivery of the rating that was taken hears the same answer again.
      if (deliveryKey && (await this.deps.repo.deliveredBefore(ticket.accountId, this.stored(deliveryKey)!))) return rating >= 3 ? 'rated' : 'reopened';
      return 'not_rateable';
    }
    const actor = ticket.anonymous ? 'citizen (anonymous)' : 'citizen';
    const rated = { action: 'rated', actor, visibility: 'public' as const, detail: { rating } };
    if (rating >= 3) {
      const done = await this.move(ticket, 'closed', { status: 'closed', resumeStatus: null, rating }, [rated], deliveryKey);
      return done ? 'rated' : 'not_rateable';
    }
    const done = await this.move(ticket, 'closed', { status: 'reopened', resumeStatus: null, rating, closedAt: null }, [
      rated,
      { action: 'reopen', actor, visibility: 'public', detail: { reason: '市民评价不满意，重新办理' } },
      { action: 'bad_review', actor: 'system', visibility: 'internal', detail: { rating } },
    ], deliveryKey);
    return done ? 'reopened' : 'not_rateable';
  }

  /** A citizen's move; with a delivery key, once per delivery ('repeated' when it was applied before). */
  private move(ticket: Ticket, expected: Ticket['status'], patch: TicketPatch, events: EventInput[], deliveryKey?: string): Promise<Ticket | 'repeated' | undefined> {
    if (!deliveryKey) return this.deps.repo.update(ticket.accountId, ticket.id, expected, patch, events);
    return this.deps.repo.updateOnce(ticket.accountId, ticket.id, expected, patch, events, this.stored(deliveryKey)!);
  }

  /** A delivery key names the sender's openId: stored as a keyed hash (anonymous tickets stay anonymous). */
  private stored(deliveryKey: string | undefined): string | undefined {
    return deliveryKey ? this.deps.pii.hash('delivery', deliveryKey) : undefined;
  }
}
