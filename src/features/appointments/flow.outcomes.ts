import type { MessageContext } from '../../router/types.js';
import * as msg from './appointments.messages.js';
import { finish, rememberBooked, save, type Draft } from './flow.state.js';
import type { FlowDeps, FlowViews } from './flow.views.js';
import { bookableName } from './slots.js';

/** The confirmation step's answer: the booking, or why not and what next. */
export async function bookDraft(deps: FlowDeps, views: FlowViews, ctx: MessageContext, draft: Draft): Promise<string> {
  const person = views.person(draft)!;
  const result = await deps.booking.confirm({
    accountId: ctx.account.id,
    openId: ctx.message.openId,
    serviceId: draft.serviceId!,
    resourceCode: draft.resourceCode ?? '',
    date: draft.date!,
    start: draft.start!,
    person,
    requestKey: draft.draftId,
    msgId: 'msgId' in ctx.message && ctx.message.msgId ? ctx.message.msgId : null,
    deliveryKey: ctx.deliveryKey ?? null,
    now: ctx.now,
  });
  switch (result.kind) {
    case 'booked':
    case 'existing': {
      // Remembered before the state goes, so a concurrent second "1" finds one or the other.
      await rememberBooked(ctx, deps.kv, result.booking.bookingNo);
      await finish(ctx, deps.kv);
      const { service } = result.bookable;
      const bringing = result.bookable.resource?.whatToBring ?? service.whatToBring ?? '';
      return msg.booked(result.booking, bookableName(result.bookable), service.location, bringing, service.cancelDeadlineMinutes, ctx.now);
    }
    case 'full': {
      await save(ctx, deps.kv, 'full', { ...draft, options: result.alternatives.map((s) => `${s.date} ${s.start}-${s.end}`) });
      return msg.slotJustFilled(draft.start!, draft.end!, result.alternatives);
    }
    case 'gone':
      return views.slots(ctx, draft, '您选择的时段已不可预约，请重新选择。');
    case 'banned':
      await finish(ctx, deps.kv);
      return msg.banned(result.until, result.noShows, result.windowDays);
    case 'limit':
      await finish(ctx, deps.kv);
      return msg.limitReached(result.limit, result.date);
  }
}

/** The cancellation step's answer (1 cancels, 2 keeps). */
export async function cancelDraft(deps: FlowDeps, ctx: MessageContext, draft: Draft, confirmed: boolean): Promise<string> {
  await finish(ctx, deps.kv);
  const booking = draft.cancelId ? await deps.bookings.get(ctx.account.id, draft.cancelId) : undefined;
  if (!booking) return msg.bookingNotFound('');
  if (!confirmed) return msg.kept(booking);
  const outcome = await deps.booking.cancel(ctx.account.id, booking.id, ctx.message.openId, ctx.now, ctx.deliveryKey ?? null);
  switch (outcome.kind) {
    case 'done':
      return msg.cancelled(outcome.booking);
    case 'out-of-time':
      return msg.tooLateToCancel(outcome.booking, outcome.deadlineMinutes ?? 0);
    case 'not-active':
      return msg.notCancellable(outcome.booking);
    case 'not-found':
      return msg.bookingNotFound(booking.bookingNo);
  }
}
