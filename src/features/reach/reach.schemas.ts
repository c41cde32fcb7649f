/** JSON schemas of the reach admin routes. Every error names its field. */

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const openId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;

export const followersQuery = {
  type: 'object',
  properties: {
    tag: { type: 'integer', minimum: 1 },
    from: date,
    to: date,
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  },
} as const;

export const revealBody = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', minLength: 2, maxLength: 200, pattern: '\\S' } },
} as const;

export const statsQuery = { type: 'object', properties: { from: date, to: date } } as const;

/** WeChat limits tag names to 30 bytes (45158); the byte count is checked in the route. */
export const tagBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 30, pattern: '^\\S(.*\\S)?$' } },
} as const;

/** batchtagging takes at most 50 openIds a call (wechat-reach.md §2.3). */
export const membersBody = {
  type: 'object',
  required: ['openIds'],
  additionalProperties: false,
  properties: { openIds: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: openId } },
} as const;

/**
 * Flat schemas with if/then rather than oneOf: Fastify's ajv removes additional properties
 * while it tries each oneOf branch, which would strip the fields of the branch that fits.
 */
const when = (type: string, required: string[]) => ({ if: { properties: { type: { const: type } } }, then: { required } });

const messageSchema = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: ['text', 'news', 'image', 'mpnews'] },
    content: { type: 'string', minLength: 1, maxLength: 20000 },
    newsId: { type: 'integer', minimum: 1 },
    mediaId: { type: 'string', minLength: 1, maxLength: 128 },
    title: { type: 'string', minLength: 1, maxLength: 64 },
    thumbMediaId: { type: 'string', minLength: 1, maxLength: 128 },
    digest: { type: 'string', maxLength: 120 },
  },
  allOf: [when('text', ['content']), when('news', ['newsId']), when('image', ['mediaId']), when('mpnews', ['title', 'content', 'thumbMediaId'])],
} as const;

export const audienceSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { all: { const: true }, tagId: { type: 'integer', minimum: 1 } },
} as const;

export const broadcastBody = {
  type: 'object',
  required: ['audience', 'message'],
  additionalProperties: false,
  properties: {
    audience: audienceSchema,
    message: messageSchema,
    sendAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const previewBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { towxname: { type: 'string', minLength: 1, maxLength: 64 }, touser: openId },
} as const;

export const broadcastSettingsBody = {
  type: 'object',
  required: ['approvalRequired', 'accountType'],
  additionalProperties: false,
  properties: { approvalRequired: { type: 'boolean' }, accountType: { type: 'string', enum: ['service', 'subscription'] } },
} as const;

const templateId = { anyOf: [{ type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }, { type: 'null' }] } as const;
export const noticeTemplatesBody = {
  type: 'object',
  additionalProperties: false,
  properties: { bookingReminder: templateId, bookingChange: templateId, ticketStatus: templateId, ticketReply: templateId },
} as const;

export const qrcodeBody = {
  type: 'object',
  required: ['scene', 'permanent'],
  additionalProperties: false,
  properties: {
    scene: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' },
    permanent: { type: 'boolean' },
    /** Temporary codes: at most 30 days. */
    expireSeconds: { type: 'integer', minimum: 60, maximum: 2_592_000 },
    action: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[a-z][a-z0-9-]*:.+' },
  },
} as const;

export const warningBody = {
  type: 'object',
  required: ['title', 'level', 'area', 'advice'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 60 },
    level: { type: 'string', enum: ['蓝色', '黄色', '橙色', '红色'] },
    area: { type: 'string', minLength: 1, maxLength: 100 },
    advice: { type: 'string', minLength: 1, maxLength: 800 },
    hotline: { type: 'string', minLength: 1, maxLength: 40 },
    audience: audienceSchema,
  },
} as const;
