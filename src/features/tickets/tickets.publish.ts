import { conflict } from '../../lib/errors.js';
import type { PiiCipher } from '../../lib/pii.js';
import type { ChangeBus } from '../../infra/change-bus.js';
import type { PublishRepository, Publication } from './ticket-publish.repository.js';
import type { TicketActions } from './tickets.actions.js';
import type { TicketRepository } from './tickets.repository.js';
import type { OperatorView, Ticket, TicketScope } from './tickets.types.js';

/** Phone numbers (mobile, landline), ID numbers and e-mail addresses, wherever they are typed. */
const PATTERNS: RegExp[] = [
  /[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]/g,
  /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g,
  /(?<!\d)0\d{2,3}[-\s]?\d{7,8}(?!\d)/g,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
];

/**
 * Removes personal data from a text about to go public: numbers and addresses by pattern,
 * and the ticket's own contact name and phone wherever they appear. What cannot be found by
 * pattern (a neighbour's name, a door number) is the operator's to edit out: the texts
 * published are always theirs, never the ticket's.
 */
export function scrub(text: string, known: string[]): string {
  let out = text;
  for (const value of known.filter((v) => v.trim().length >= 2)) out = out.split(value).join(value.length <= 4 ? '某某' : '***');
  for (const pattern of PATTERNS) out = out.replace(pattern, '***');
  return out;
}

/** Publishing closed tickets as questions and answers (公开答复), and withdrawing them. */
export class TicketPublisher {
  constructor(
    private readonly deps: { repo: PublishRepository; tickets: TicketRepository; actions: TicketActions; pii: PiiCipher; content: ChangeBus },
  ) {}

  /** A starting point for the operator's edit: the complaint and the last reply, scrubbed. */
  async draft(accountId: string, id: number, scope: TicketScope): Promise<{ question: string; answer: string; published: Publication | null }> {
    const ticket = await this.deps.actions.visible(accountId, id, scope);
    const known = this.known(ticket);
    const reply = [...(await this.deps.tickets.events(ticket.id, 'public'))].reverse().find((e) => e.action === 'reply');
    return {
      question: scrub(ticket.content, known),
      answer: scrub(String(reply?.detail.content ?? ''), known),
      published: (await this.deps.repo.ofTicket(accountId, ticket.id)) ?? null,
    };
  }

  async publish(accountId: string, id: number, operator: OperatorView, scope: TicketScope, input: { question: string; answer: string; category?: string }): Promise<Publication> {
    const ticket = await this.deps.actions.visible(accountId, id, scope);
    if (ticket.status !== 'closed') throw conflict(`publish: only a closed ticket can be published, not one in status ${ticket.status}`);
    if (ticket.category === '举报' || ticket.category === '应急') throw conflict(`publish: ${ticket.category} tickets are never published`);
    const known = this.known(ticket);
    const published = await this.deps.repo.publish(
      accountId,
      ticket.id,
      { category: input.category ?? ticket.category, question: scrub(input.question, known), answer: scrub(input.answer, known), department: ticket.department },
      operator.name,
    );
    await this.deps.tickets.addEvents(accountId, ticket.id, [{ action: 'publish', actor: operator.name, visibility: 'internal', detail: { answerId: published.id } }]);
    await this.deps.content.publish(accountId);
    return published;
  }

  async withdraw(accountId: string, id: number, operator: OperatorView, scope: TicketScope): Promise<Publication> {
    const ticket = await this.deps.actions.visible(accountId, id, scope);
    const withdrawn = await this.deps.repo.withdraw(accountId, ticket.id);
    if (!withdrawn) throw conflict('publish: the ticket has no published answer to withdraw');
    await this.deps.tickets.addEvents(accountId, ticket.id, [{ action: 'withdraw', actor: operator.name, visibility: 'internal', detail: { answerId: withdrawn.id } }]);
    await this.deps.content.publish(accountId);
    return withdrawn;
  }

  private known(ticket: Ticket): string[] {
    const { pii } = this.deps;
    return [ticket.nameEnc ? pii.decrypt(ticket.nameEnc) : '', ticket.phoneEnc ? pii.decrypt(ticket.phoneEnc) : ''];
  }
}
