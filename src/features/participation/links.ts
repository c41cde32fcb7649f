import type { PiiCipher } from '../../lib/pii.js';
import { signLink } from '../../lib/signed-link.js';
import { DEFAULT_ACCOUNT_ID } from '../../wechat/account.js';

/** How long a link sent in chat opens the citizen's own page. */
export const LINK_TTL_MS = 24 * 3600_000;

export const pollSubject = (accountId: string, id: number) => `poll:${accountId}:${id}`;
export const tipsSubject = (accountId: string, id: number) => `tips:${accountId}:${id}`;

/** Links to the participation pages; the default account's pages carry no `?a=`. */
export class ParticipationUrls {
  constructor(
    private readonly base: string,
    private readonly pii: PiiCipher,
  ) {}

  private build(accountId: string, path: string, query: Record<string, string | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
    if (accountId !== DEFAULT_ACCOUNT_ID) params.set('a', accountId);
    const qs = params.toString();
    return `${this.base}${path}${qs ? `?${qs}` : ''}`;
  }

  answers(accountId: string): string {
    return this.build(accountId, '/h5/answers');
  }

  answer(accountId: string, id: number): string {
    return this.build(accountId, `/h5/answers/${id}`);
  }

  /** The poll page, signed for the citizen who asked, so they can vote there. */
  poll(accountId: string, id: number, openId: string, now: number): string {
    return this.build(accountId, `/h5/polls/${id}`, { t: signLink(this.pii, { subject: pollSubject(accountId, id), openId, expiresAt: now + LINK_TTL_MS }) });
  }

  /** The tip form, signed for the citizen who opened the collection in chat. */
  tips(accountId: string, id: number, openId: string, now: number): string {
    return this.build(accountId, `/h5/tips/${id}`, { t: signLink(this.pii, { subject: tipsSubject(accountId, id), openId, expiresAt: now + LINK_TTL_MS }) });
  }
}
