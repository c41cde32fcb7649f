/** JSON schemas of operator-configured replies and keyword rules. */

const replyBranch = (type: string, properties: Record<string, unknown>, required: string[]) => ({
  if: { properties: { type: { const: type } } },
  then: { properties, required },
});

/** One branch per reply type (if/then rather than oneOf, so an error names the missing field). */
export const replySpecSchema = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', enum: ['text', 'news', 'image'] } },
  allOf: [
    replyBranch('text', { content: { type: 'string', minLength: 1, maxLength: 2000 } }, ['content']),
    replyBranch(
      'news',
      {
        title: { type: 'string', minLength: 1, maxLength: 64 },
        description: { type: 'string', maxLength: 512 },
        url: { type: 'string', pattern: '^https?://', maxLength: 1024 },
        picUrl: { type: 'string', pattern: '^https?://', maxLength: 1024 },
      },
      ['title', 'url'],
    ),
    replyBranch('image', { mediaId: { type: 'string', minLength: 1, maxLength: 128 } }, ['mediaId']),
  ],
} as const;

export const repliesSchema = { type: 'array', minItems: 1, maxItems: 10, items: replySpecSchema } as const;

export const keywordRuleBodySchema = {
  type: 'object',
  required: ['name', 'keywords', 'replies', 'replyMode'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 60 },
    keywords: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: {
        type: 'object',
        required: ['text', 'match'],
        properties: {
          text: { type: 'string', minLength: 1, maxLength: 200 },
          match: { type: 'string', enum: ['exact', 'contains', 'regex'] },
        },
      },
    },
    replies: repliesSchema,
    replyMode: { type: 'string', enum: ['random', 'all'] },
    priority: { type: 'integer', minimum: -1000, maximum: 1000 },
    enabled: { type: 'boolean' },
    // Year 0000 is valid ISO 8601 but not a PostgreSQL timestamp.
    activeFrom: { type: ['string', 'null'], format: 'date-time', pattern: '^(?!0000-)' },
    activeTo: { type: ['string', 'null'], format: 'date-time', pattern: '^(?!0000-)' },
  },
} as const;

export { idParamSchema } from '../../lib/schemas.js';
