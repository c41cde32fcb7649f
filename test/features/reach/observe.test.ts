import { describe, expect, it } from 'vitest';
import type { FollowerService } from '../../../src/features/reach/followers.service.js';
import { observeSubscribe } from '../../../src/features/reach/reach.rules.js';
import type { Account } from '../../../src/wechat/account.js';
import type { InboundMessage } from '../../../src/wechat/types.js';

const account = { id: 'default' } as Account;
const base = { openId: 'oObserve0001', accountUser: 'gh_test', createTime: 1_700_000_000 };

describe('the subscribe observer on the webhook path', () => {
  it('when ordinary messages and other events are handled then it records nothing; when a subscribe push is handled then it records one follow with its scene', () => {
    const recorded: unknown[] = [];
    const followers = { hash: (o: string) => `h(${o})`, record: async (...args: unknown[]) => void recorded.push(args) } as unknown as FollowerService;
    const observe = observeSubscribe(followers, () => undefined);
    const others: InboundMessage[] = [
      { ...base, kind: 'text', text: '你好', msgId: '1' },
      { ...base, kind: 'image', picUrl: 'http://x', mediaId: 'm', msgId: '2' },
      { ...base, kind: 'event', event: 'click', key: 'news:应急' },
      { ...base, kind: 'event', event: 'unsubscribe' },
    ];
    for (const message of others) observe(account, message);
    expect(recorded).toEqual([]);

    observe(account, { ...base, kind: 'event', event: 'subscribe', scene: '1001' });
    expect(recorded).toEqual([['default', { kind: 'subscribe', openId: 'oObserve0001', at: new Date(1_700_000_000_000), scene: '1001', deliveryKey: 'h(oObserve0001):1700000000:subscribe' }]]);
  });
});
