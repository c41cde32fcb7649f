import type { Logger } from 'pino';
import { cstDate } from '../../calendar/dates.js';
import { maskOpenId } from '../../lib/mask.js';
import type { PiiCipher } from '../../lib/pii.js';
import type { Account } from '../../wechat/account.js';
import type { WechatApi } from '../../wechat/outbound.js';
import type { DigestTicket, SupervisionRepository } from './ticket-supervision.repository.js';
import type { Deadlines } from './tickets.deadlines.js';
import type { TicketRepository } from './tickets.repository.js';
import type { Ticket } from './tickets.types.js';

export type Warning = 'due_soon' | 'overdue';
const LABEL: Record<Warning, string> = { due_soon: '即将到期', overdue: '已超期' };
const TIMEOUT_MS = 5000;

interface Deps {
  repo: SupervisionRepository;
  tickets: TicketRepository;
  deadlines: Deadlines;
  pii: PiiCipher;
  account(id: string): Promise<Account | undefined>;
  wechatFor(account: Account): WechatApi;
  alertWebhookUrl: string | undefined;
  publicBaseUrl: string;
  log: Logger;
}

export interface NoticeOutcome {
  templates: { sent: number; failed: number; reason?: string };
  webhook: 'sent' | 'skipped' | 'failed';
}

/**
 * 督办: a ticket due soon or overdue reaches people, not only the event log: a template
 * message to each operator of the department (and each admin) who bound their WeChat, and
 * a JSON POST to ALERT_WEBHOOK_URL. Each warning is sent once (the deadline check records
 * it once); the outcome is an internal event on the ticket.
 */
export class Supervisor {
  constructor(private readonly deps: Deps) {}

  async warn(ticket: Ticket, warning: Warning): Promise<NoticeOutcome> {
    const text = `工单${ticket.ticketNo}（${ticket.category}）${LABEL[warning]}，答复期限${ticket.dueDate}`;
    const templates = await this.toOperators(ticket.accountId, ticket.department, `supervise-${ticket.id}-${warning}-${ticket.dueDate}`, {
      first: { value: '工单督办提醒' },
      keyword1: { value: ticket.ticketNo },
      keyword2: { value: LABEL[warning] },
      keyword3: { value: ticket.dueDate },
      remark: { value: ticket.department ? `承办单位：${ticket.department}，请及时办理。` : '尚未派单，请及时派单。' },
    });
    const webhook = await this.post({
      type: `ticket.${warning}`,
      account: ticket.accountId,
      ticketId: ticket.id,
      ticketNo: ticket.ticketNo,
      category: ticket.category,
      department: ticket.department,
      dueDate: ticket.dueDate,
      text,
      link: `${this.deps.publicBaseUrl}/admin/api/tickets/${ticket.id}`,
    });
    const outcome = { templates, webhook };
    if (templates.sent + templates.failed === 0 && webhook === 'skipped') {
      // No channel is set up: say so in the log rather than on every ticket.
      this.deps.log.warn({ account: ticket.accountId, ticket: ticket.ticketNo, reason: templates.reason }, 'supervision notice reached nobody: no bound operator or template, and no ALERT_WEBHOOK_URL');
      return outcome;
    }
    await this.deps.tickets.addEvents(ticket.accountId, ticket.id, [{ action: 'supervision_notice', actor: 'system', visibility: 'internal', detail: { warning, ...outcome } }]);
    return outcome;
  }

  /**
   * The daily digest: once per department and day, from the account's digest hour on,
   * the department's open tickets that are overdue or due within the warning window.
   */
  async digests(now: Date, force = false): Promise<number> {
    let sent = 0;
    const today = cstDate(now);
    const hour = new Date(now.getTime() + 8 * 3600_000).getUTCHours();
    for (const accountId of await this.deps.repo.accountsWithDepartments()) {
      const settings = await this.deps.repo.settings(accountId);
      if (!force && hour < settings.digestHour) continue;
      const until = await this.deps.deadlines.dueDate(accountId, today, settings.dueSoonDays);
      for (const [department, tickets] of await this.deps.repo.dueByDepartment(accountId, until)) {
        if (!(await this.deps.repo.claimDigest(accountId, department, today, tickets.length))) continue;
        await this.sendDigest(accountId, department, today, tickets);
        sent++;
      }
    }
    return sent;
  }

  async preview(accountId: string, now: Date): Promise<Array<{ department: string; overdue: DigestTicket[]; dueSoon: DigestTicket[] }>> {
    const today = cstDate(now);
    const until = await this.deps.deadlines.dueDate(accountId, today, (await this.deps.repo.settings(accountId)).dueSoonDays);
    return [...(await this.deps.repo.dueByDepartment(accountId, until))].map(([department, tickets]) => ({
      department,
      overdue: tickets.filter((t) => t.dueDate < today),
      dueSoon: tickets.filter((t) => t.dueDate >= today),
    }));
  }

  private async sendDigest(accountId: string, department: string, today: string, tickets: DigestTicket[]): Promise<void> {
    const overdue = tickets.filter((t) => t.dueDate < today);
    const dueSoon = tickets.filter((t) => t.dueDate >= today);
    await this.toOperators(accountId, department, `digest-${department}-${today}`, {
      first: { value: `${department}每日督办` },
      keyword1: { value: `超期${overdue.length}件，即将到期${dueSoon.length}件` },
      keyword2: { value: today },
      remark: { value: tickets.slice(0, 10).map((t) => `${t.ticketNo}（${t.dueDate}）`).join('、') },
    });
    await this.post({ type: 'ticket.digest', account: accountId, department, day: today, overdue, dueSoon });
  }

  /** The department's handlers and the account's admins who bound their WeChat. */
  private async toOperators(accountId: string, department: string | null, key: string, data: Record<string, { value: string }>): Promise<NoticeOutcome['templates']> {
    const templates: NoticeOutcome['templates'] = { sent: 0, failed: 0 };
    const { noticeTemplateId } = await this.deps.repo.settings(accountId);
    const account = await this.deps.account(accountId);
    if (!noticeTemplateId || !account) return { ...templates, reason: 'no notice template configured' };
    const recipients = await this.deps.repo.recipients(accountId, department);
    if (recipients.length === 0) return { ...templates, reason: 'no operator bound to WeChat' };
    for (const operator of recipients) {
      const openId = this.deps.pii.decrypt(operator.openIdEnc);
      try {
        await this.deps.wechatFor(account).sendTemplate({ openId, templateId: noticeTemplateId, clientMsgId: `${key}-${operator.operatorId}`.slice(0, 64), data });
        templates.sent++;
      } catch (err) {
        templates.failed++;
        this.deps.log.warn({ account: accountId, openId: maskOpenId(openId), code: (err as { code?: number }).code }, 'supervision notice failed');
      }
    }
    return templates;
  }

  private async post(body: Record<string, unknown>): Promise<NoticeOutcome['webhook']> {
    const url = this.deps.alertWebhookUrl;
    if (!url) return 'skipped';
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (res.ok) return 'sent';
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message, type: body.type }, 'supervision webhook failed');
      }
    }
    return 'failed';
  }
}
