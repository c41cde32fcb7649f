import type { Logger } from 'pino';
import { maskOpenId } from '../../lib/mask.js';
import type { PiiCipher } from '../../lib/pii.js';
import type { ServiceWindow } from '../../session/service-window.js';
import type { Account } from '../../wechat/account.js';
import type { WechatApi } from '../../wechat/outbound.js';
import type { SettingsRepository } from './ticket-settings.repository.js';
import type { TicketRepository } from './tickets.repository.js';
import { fitBytes } from './tickets.texts.js';
import { STATUS_LABELS, type Ticket } from './tickets.types.js';

/** Window closed (45015) or quota used up (45047): the template message is the way left. */
const FALLBACK_CODES = new Set([45015, 45047]);

export interface Delivery {
  channel: 'custom' | 'template' | 'none';
  delivered: boolean;
  reason?: string;
}

export interface NotifierDeps {
  serviceWindow: ServiceWindow;
  pii: PiiCipher;
  settings: SettingsRepository;
  repo: TicketRepository;
  account(id: string): Promise<Account | undefined>;
  wechatFor(account: Account): WechatApi;
  log: Logger;
}

const stamp = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Pushes a ticket's status change to the citizen: a customer-service message inside
 * the 48-hour window, a template message outside it or when WeChat answers 45015/45047.
 * Each notice is tried once per channel (the client retries transient errors); the
 * outcome is an internal event, never an endless retry.
 */
export class CitizenNotifier {
  constructor(private readonly deps: NotifierDeps) {}

  inWindow(accountId: string, openId: string): Promise<boolean> {
    return this.deps.serviceWindow.isOpen(accountId, openId);
  }

  openIdOf(ticket: Ticket): string | undefined {
    return ticket.openIdEnc ? this.deps.pii.decrypt(ticket.openIdEnc) : undefined;
  }

  /** `key` makes the template's client_msg_id unique per notice (WeChat drops a repeated id). */
  async notify(ticket: Ticket, text: string, remark: string, key = String(ticket.updatedAt.getTime())): Promise<Delivery> {
    const delivery = await this.deliver(ticket, text, remark, key);
    await this.deps.repo.addEvents(ticket.accountId, ticket.id, [{ action: 'notify', actor: 'system', visibility: 'internal', detail: { ...delivery } }]);
    return delivery;
  }

  private async deliver(ticket: Ticket, text: string, remark: string, key: string): Promise<Delivery> {
    const { log } = this.deps;
    const openId = this.openIdOf(ticket);
    const account = await this.deps.account(ticket.accountId);
    if (!openId || !account) return { channel: 'none', delivered: false, reason: 'no WeChat recipient' };
    const api = this.deps.wechatFor(account);
    let reason = 'outside the 48-hour window';
    if (await this.inWindow(ticket.accountId, openId)) {
      try {
        await api.sendCustom(openId, { type: 'text', content: fitBytes(text, 2000, `…\n（详情请回复“进度 ${ticket.ticketNo}”）`) });
        return { channel: 'custom', delivered: true };
      } catch (err) {
        const code = (err as { code?: number }).code;
        log.warn({ account: account.id, openId: maskOpenId(openId), ticket: ticket.ticketNo, code }, 'customer-service notice failed');
        if (code === undefined || !FALLBACK_CODES.has(code)) return { channel: 'custom', delivered: false, reason: `WeChat error ${code ?? 'unknown'}` };
        reason = `WeChat error ${code}`;
      }
    }
    const { statusTemplateId } = await this.deps.settings.get(ticket.accountId);
    if (!statusTemplateId) {
      log.warn({ account: account.id, ticket: ticket.ticketNo }, 'no status template configured; citizen not notified');
      return { channel: 'none', delivered: false, reason: `${reason}; no status template configured` };
    }
    try {
      await api.sendTemplate({
        openId,
        templateId: statusTemplateId,
        clientMsgId: `ticket-${ticket.id}-${key}`,
        data: {
          first: { value: '您的诉求有新进展' },
          keyword1: { value: ticket.ticketNo },
          keyword2: { value: STATUS_LABELS[ticket.status].public },
          keyword3: { value: stamp(ticket.updatedAt) },
          remark: { value: remark },
        },
      });
      return { channel: 'template', delivered: true, reason };
    } catch (err) {
      const code = (err as { code?: number }).code;
      log.warn({ account: account.id, openId: maskOpenId(openId), ticket: ticket.ticketNo, code }, 'template notice failed');
      return { channel: 'template', delivered: false, reason: `${reason}; template failed with ${code ?? 'unknown'}` };
    }
  }
}
