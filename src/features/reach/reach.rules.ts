import { WELCOME_ACTION } from '../../router/action-uri.js';
import { normalizeReplies } from '../../router/dispatch.js';
import { PRIORITY, type Rule, type RuleProvider } from '../../router/types.js';
import type { Account } from '../../wechat/account.js';
import type { InboundMessage } from '../../wechat/types.js';
import type { BroadcastService } from './broadcasts.service.js';
import type { FollowerService } from './followers.service.js';

/** A push's own key (no clear OpenID): WeChat retries an event with the same sender, time and event. */
const keyOf = (followers: FollowerService, m: InboundMessage & { kind: 'event' }) => `${followers.hash(m.openId)}:${m.createTime}:${m.event}`;

/**
 * Events nothing else answers: SCAN (already following) counts on its code and starts the
 * code's action; unsubscribe is recorded; MASSSENDJOBFINISH fills a broadcast's totals.
 * subscribe stays with the 被关注回复 rule and is recorded by `observeSubscribe`.
 */
export function reachRuleProvider(followers: FollowerService, broadcasts: BroadcastService): RuleProvider {
  const rules: Rule[] = [
    {
      // A follow through a QR code with an action: the welcome first, then the code's action
      // (the hall's booking, a community's menu). A follow without one is the welcome rule's alone.
      name: 'reach:subscribe-scene',
      priority: PRIORITY.event + 1,
      match: { events: ['subscribe'], when: (ctx) => ctx.message.kind === 'event' && ctx.message.event === 'subscribe' && Boolean(ctx.message.scene) },
      async handle(ctx) {
        const m = ctx.message;
        const action = m.kind === 'event' && m.event === 'subscribe' && m.scene ? await followers.actionFor(ctx.account.id, m.scene) : null;
        const welcome = normalizeReplies(await ctx.perform(WELCOME_ACTION));
        return action ? [...welcome, ...normalizeReplies(await ctx.perform(action))] : welcome;
      },
    },
    {
      name: 'reach:scan',
      priority: PRIORITY.event,
      match: { events: ['scan'] },
      async handle(ctx) {
        const m = ctx.message;
        if (m.kind !== 'event' || m.event !== 'scan') return null;
        const action = await followers.record(ctx.account.id, { kind: 'scan', openId: m.openId, at: new Date(m.createTime * 1000), scene: m.scene || undefined, deliveryKey: keyOf(followers, m) });
        return action ? ctx.perform(action) : null;
      },
    },
    {
      name: 'reach:unsubscribe',
      priority: PRIORITY.event,
      match: { events: ['unsubscribe'] },
      async handle(ctx) {
        const m = ctx.message;
        if (m.kind === 'event') await followers.record(ctx.account.id, { kind: 'unsubscribe', openId: m.openId, at: new Date(m.createTime * 1000), deliveryKey: keyOf(followers, m) });
        return null;
      },
    },
    {
      name: 'reach:mass-send-finish',
      priority: PRIORITY.event,
      match: { events: ['mass_send_job_finish'] },
      async handle(ctx) {
        const m = ctx.message;
        if (m.kind === 'event' && m.event === 'mass_send_job_finish') await broadcasts.finished(ctx.account.id, m);
        return null;
      },
    },
  ];
  return { name: 'reach', rules: () => rules };
}

/**
 * Told of every handled message after its reply is computed (never awaited). Only
 * subscribe pushes do any work; every other message returns at the first comparison.
 */
export function observeSubscribe(followers: FollowerService, onError: (err: Error) => void) {
  return (account: Account, message: InboundMessage): void => {
    if (message.kind !== 'event' || message.event !== 'subscribe') return;
    followers
      .record(account.id, { kind: 'subscribe', openId: message.openId, at: new Date(message.createTime * 1000), scene: message.scene, deliveryKey: keyOf(followers, message) })
      .catch(onError);
  };
}
