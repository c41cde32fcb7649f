import type { Logger } from 'pino';
import type { TicketRepository } from './tickets.repository.js';
import type { Ticket } from './tickets.types.js';

const ATTEMPTS = 3;

/** Whether the duty desk was reached: the citizen is told only what actually happened. */
export type AlertOutcome = 'sent' | 'skipped' | 'failed';
const TIMEOUT_MS = 5000;

/**
 * 应急 tickets are announced at once to ALERT_WEBHOOK_URL as a JSON POST (the duty
 * desk's pager or IM bot). The citizen's reply never waits for it; the outcome is
 * an internal event on the ticket. The body carries no contact details.
 */
export class EmergencyAlerter {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly url: string | undefined,
    private readonly publicBaseUrl: string,
    private readonly repo: TicketRepository,
    private readonly log: Logger,
    private readonly backoffMs = 500,
  ) {}

  /** Starts the announcement; the outcome never rejects, so the reply may wait for it or not. */
  announce(ticket: Ticket): Promise<AlertOutcome> {
    const work = this.send(ticket).catch((err: Error): AlertOutcome => {
      this.log.error({ err, ticket: ticket.ticketNo }, 'emergency alert failed');
      return 'failed';
    });
    const tracked: Promise<void> = work.then(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return work;
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async send(ticket: Ticket): Promise<AlertOutcome> {
    const record = (action: string, detail: Record<string, unknown>) =>
      this.repo.addEvents(ticket.accountId, ticket.id, [{ action, actor: 'system', visibility: 'internal', detail }]);
    if (!this.url) {
      this.log.warn({ ticket: ticket.ticketNo }, 'ALERT_WEBHOOK_URL is not set; emergency ticket not announced');
      await record('alert_skipped', { reason: 'ALERT_WEBHOOK_URL is not set' }).catch(() => undefined);
      return 'skipped';
    }
    const body = JSON.stringify({
      type: 'ticket.emergency',
      account: ticket.accountId,
      ticketId: ticket.id,
      ticketNo: ticket.ticketNo,
      category: ticket.category,
      summary: ticket.content.slice(0, 500),
      location: ticket.location,
      attachments: ticket.attachmentCount,
      filedAt: ticket.createdAt.toISOString(),
      dueDate: ticket.dueDate,
      link: `${this.publicBaseUrl}/admin/api/tickets/${ticket.id}`,
    });
    let last = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (res.ok) {
          await record('alert_sent', { status: res.status, attempt }).catch(() => undefined);
          return 'sent';
        }
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = (err as Error).message;
      }
      if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, this.backoffMs * attempt));
    }
    this.log.error({ ticket: ticket.ticketNo, error: last }, 'emergency alert not delivered');
    await record('alert_failed', { error: last, attempts: ATTEMPTS }).catch(() => undefined);
    return 'failed';
  }
}
