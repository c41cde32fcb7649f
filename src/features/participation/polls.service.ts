import type { PiiCipher } from '../../lib/pii.js';
import type { Poll, PollRepository, PollResults, VoteOutcome } from './polls.repository.js';

export type PollPhase = 'open' | 'not_started' | 'ended';

export const phaseOf = (poll: Poll, now: Date): PollPhase =>
  poll.startsAt && now < poll.startsAt ? 'not_started' : poll.endsAt && now >= poll.endsAt ? 'ended' : 'open';

/**
 * Choices as citizens type them: "2", "1 3", "1,3", "13" (options are 1–9, so each digit
 * is one option). Undefined when the text is not a valid choice for this poll.
 */
export function parseChoices(poll: Poll, text: string): number[] | undefined {
  const digits = text.replace(/[\s,，、和]+/g, '');
  if (!/^[1-9]+$/.test(digits)) return undefined;
  const picked = [...new Set([...digits].map(Number))].sort((a, b) => a - b);
  if (picked.some((n) => n > poll.options.length)) return undefined;
  if (!poll.multiple && picked.length !== 1) return undefined;
  return picked;
}

export type VoteResult = { ok: true; outcome: VoteOutcome } | { ok: false; reason: 'not_started' | 'ended' | 'invalid' };

/** Polls: one vote per citizen, whichever way it arrives (chat or H5). */
export class PollService {
  constructor(
    private readonly repo: PollRepository,
    private readonly pii: PiiCipher,
  ) {}

  /** The same citizen in chat and on the H5 page: one keyed hash of account and openId. */
  voterHash(accountId: string, openId: string): string {
    return this.pii.hash('poll-voter', `${accountId}:${openId}`);
  }

  get(accountId: string | null, id: number): Promise<Poll | undefined> {
    return this.repo.get(accountId, id);
  }

  results(poll: Poll): Promise<PollResults> {
    return this.repo.results(poll);
  }

  hasVoted(poll: Poll, openId: string): Promise<boolean> {
    return this.repo.hasVoted(poll.id, this.voterHash(poll.accountId, openId));
  }

  async vote(poll: Poll, openId: string, choices: number[] | undefined, channel: 'chat' | 'h5', deliveryKey: string | null, now: Date): Promise<VoteResult> {
    const phase = phaseOf(poll, now);
    if (phase !== 'open') return { ok: false, reason: phase };
    if (!choices) return { ok: false, reason: 'invalid' };
    // The delivery key names the sender's openId: only its keyed hash is stored.
    const key = deliveryKey ? this.pii.hash('delivery', deliveryKey) : null;
    return { ok: true, outcome: await this.repo.vote(poll.id, this.voterHash(poll.accountId, openId), choices, channel, key) };
  }
}
