import { anyObj, arrOf, bool, int, intOrNull, itemsOf, obj, str, strOrNull } from '../lib/responses.js';

/** One logged message (inbox.routes.ts messageView); the citizen's openid is masked. */
export const messageSchema = obj(
  {
    id: int,
    direction: { type: 'string', enum: ['in', 'out'] },
    kind: str,
    text: strOrNull,
    openId: str,
    citizen: str,
    rule: strOrNull,
    reply: strOrNull,
    replies: arrOf(anyObj),
    detail: { description: '消息详情（任意 JSON）' },
    attention: bool,
    handled: { ...obj({ how: str, by: strOrNull, at: str }), type: ['object', 'null'] },
    operator: { ...obj({ id: intOrNull, name: str }), type: ['object', 'null'] },
    test: bool,
    createdAt: str,
  },
  '消息（市民 openid 已脱敏）',
);

export const inboxResponses = {
  list: { 200: itemsOf(messageSchema, { nextBefore: intOrNull }, '消息（新的在前）；nextBefore 为下一页的 before') },
  thread: {
    200: itemsOf(messageSchema, { citizen: str, openId: str, windowOpen: bool, windowClosedReason: strOrNull }, '一位市民的对话（旧的在前）及能否在 48 小时内回复'),
  },
  item: { 200: obj({ item: messageSchema }) },
};
