import { arrOf, bool, int, itemsOf, noContent, obj, str, strOrNull } from '../../lib/responses.js';
import { keywordRuleBodySchema, repliesSchema } from './keywords.schemas.js';

const { properties: input } = keywordRuleBodySchema;

/** A keyword rule as the admin API answers it. */
export const keywordRuleSchema = obj(
  {
    id: int,
    accountId: str,
    name: str,
    keywords: input.keywords,
    replies: arrOf({ type: 'object', properties: { type: str }, additionalProperties: true }),
    replyMode: input.replyMode,
    priority: int,
    enabled: bool,
    activeFrom: strOrNull,
    activeTo: strOrNull,
    hits: int,
    createdAt: str,
    updatedAt: str,
  },
  '关键词回复规则',
);

export const keywordRuleResponses = {
  created: { 201: keywordRuleSchema },
  one: { 200: keywordRuleSchema },
  list: { 200: itemsOf(keywordRuleSchema) },
  deleted: { 204: noContent },
};

/** `{ kind, replies }` of the 关注回复 / 默认回复. */
export const autoReplyResponse = {
  200: obj({ kind: { type: 'string', enum: ['subscribe', 'default'] }, replies: { ...repliesSchema, minItems: 0 } }, '自动回复'),
};
