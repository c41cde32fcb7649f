import { actionKey, parseAction } from '../../router/action-uri.js';
import { isEscapeWord, isMenuWord, LEFT_FLOW } from '../../router/escape.js';
import { PRIORITY, type HandlerResult, type MessageContext, type Rule } from '../../router/types.js';
import type { ParticipationUrls } from './links.js';
import { phaseOf, parseChoices, type PollService } from './polls.service.js';
import { pollIntro, pollTexts } from './polls.texts.js';

export const POLL_STEP = 'poll.vote';
/** A citizen has this long to answer an opened poll. */
const VOTE_TTL_SECONDS = 30 * 60;
/** Only digits (or 0 / a leave word) answer an open poll; any other text routes as usual. */
const CHOICE = /^[\d\s,，、和]{1,20}$/;
const answersPoll = (ctx: MessageContext) => CHOICE.test(ctx.text ?? '') || isEscapeWord(ctx.text);
const say = (content: string) => ({ type: 'text' as const, content });

/**
 * `poll:<id>` (menu, keyword, QR code) shows the question with numbered options and
 * waits for the citizen's digits (step `poll.vote`). Only these two rules touch the
 * database, and only when they match: a tap on `poll:` or a reply inside the step.
 */
export function pollRules(polls: PollService, urls: ParticipationUrls): Rule[] {
  const open = async (ctx: MessageContext): Promise<HandlerResult> => {
    const id = Number(parseAction(actionKey(ctx), 'poll:').argument);
    const poll = Number.isSafeInteger(id) && id > 0 ? await polls.get(ctx.account.id, id) : undefined;
    if (!poll) return say(pollTexts.notFound);
    const phase = phaseOf(poll, ctx.now);
    if (phase === 'not_started') return say(pollTexts.notStarted(poll));
    if (phase === 'ended') return say(pollTexts.ended(poll));
    if (await polls.hasVoted(poll, ctx.message.openId)) return say(pollTexts.already(poll, poll.showResults ? await polls.results(poll) : null));
    await ctx.conversation.start(POLL_STEP, { pollId: poll.id }, VOTE_TTL_SECONDS);
    return say(pollIntro(poll, urls.poll(ctx.account.id, poll.id, ctx.message.openId, ctx.now.getTime())));
  };

  const vote = async (ctx: MessageContext): Promise<HandlerResult> => {
    const text = (ctx.text ?? '').trim();
    if (text === '0' || isEscapeWord(text)) {
      await ctx.conversation.end();
      if (isMenuWord(text)) return (await ctx.perform('menu:main')) ?? say(LEFT_FLOW);
      return say(pollTexts.left);
    }
    const poll = await polls.get(ctx.account.id, Number(ctx.conversation.current?.data.pollId));
    if (!poll) {
      await ctx.conversation.end();
      return say(pollTexts.notFound);
    }
    const result = await polls.vote(poll, ctx.message.openId, parseChoices(poll, text), 'chat', ctx.deliveryKey ?? null, ctx.now);
    if (!result.ok && result.reason === 'invalid') return say(pollTexts.invalid(poll));
    await ctx.conversation.end();
    if (!result.ok) return say(result.reason === 'ended' ? pollTexts.ended(poll) : pollTexts.notStarted(poll));
    const results = poll.showResults ? await polls.results(poll) : null;
    return say(result.outcome === 'already' ? pollTexts.already(poll, results) : pollTexts.thanks(poll, results));
  };

  return [
    { name: 'participation:poll-action', priority: PRIORITY.menuKey, match: { events: ['click'], eventKey: { prefix: 'poll:' } }, handle: open },
    { name: 'participation:poll-vote', priority: PRIORITY.conversationStep, match: { kinds: ['text', 'voice'], step: POLL_STEP, when: answersPoll }, handle: vote },
  ];
}
