/** Success answers of the follower, tag, 素材 and QR-code routes (OpenAPI documentation only). */

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const followerListSchema = {
  type: 'object',
  properties: {
    total: { type: 'integer' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        description: '关注者（openId 已打码）',
        properties: {
          id: { type: 'integer' },
          openId: { type: 'string' },
          subscribed: { type: 'boolean' },
          subscribedAt: nullableDateTime,
          unsubscribedAt: nullableDateTime,
          scene: nullableString,
          qrcodeId: { type: ['integer', 'null'] },
          tagIds: { type: 'array', items: { type: 'integer' } },
        },
        additionalProperties: true,
      },
    },
  },
  required: ['total', 'items'],
} as const;

export const revealedOpenIdSchema = { type: 'object', description: '明文 openId（已记入审计）', properties: { openId: { type: 'string' } }, required: ['openId'] } as const;

const syncFields = {
  status: { type: 'string', enum: ['never', 'running', 'done', 'failed'] },
  nextOpenId: nullableString,
  total: { type: ['integer', 'null'] },
  imported: { type: 'integer' },
  pages: { type: 'integer' },
  error: nullableString,
  startedAt: dateTime,
  updatedAt: dateTime,
  finishedAt: nullableDateTime,
} as const;

export const syncStateSchema = { type: 'object', description: '关注者同步进度', properties: syncFields, additionalProperties: true } as const;

export const syncStartedSchema = {
  type: 'object',
  description: '同步进度；started 为 false 表示已有同步在进行',
  properties: { started: { type: 'boolean' }, ...syncFields },
  required: ['started'],
  additionalProperties: true,
} as const;

const dayCounts = { new: { type: 'integer' }, lost: { type: 'integer' }, net: { type: 'integer' } } as const;

export const followerStatsSchema = {
  type: 'object',
  properties: {
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    days: { type: 'array', items: { type: 'object', properties: { day: { type: 'string', format: 'date' }, ...dayCounts }, additionalProperties: true } },
    totals: { type: 'object', properties: dayCounts, additionalProperties: true },
  },
  required: ['from', 'to', 'days', 'totals'],
} as const;

export const tagSchema = {
  type: 'object',
  description: '标签',
  properties: { id: { type: 'integer' }, wechatId: { type: 'integer' }, name: { type: 'string' }, members: { type: 'integer' }, createdAt: dateTime },
  additionalProperties: true,
} as const;

export const tagListSchema = { type: 'object', properties: { items: { type: 'array', items: tagSchema } }, required: ['items'] } as const;

export const tagMembersSchema = {
  type: 'object',
  properties: { tagId: { type: 'integer' }, requested: { type: 'integer' }, recorded: { type: 'integer', description: '本地已记录的关注者数' } },
  required: ['tagId', 'requested', 'recorded'],
} as const;

export const noContentSchema = { type: 'null', description: '无内容' } as const;

const mediaFields = {
  id: { type: 'integer' },
  mediaId: { type: 'string' },
  kind: { type: 'string', enum: ['image', 'voice', 'video', 'thumb'] },
  filename: { type: 'string' },
  contentType: { type: 'string' },
  size: { type: 'integer' },
  url: nullableString,
  hasThumbnail: { type: 'boolean' },
  thumbnail: nullableString,
  createdBy: { type: 'string' },
  createdAt: dateTime,
} as const;

export const mediaSchema = { type: 'object', description: '永久素材', properties: mediaFields, additionalProperties: true } as const;

export const mediaWithUsersSchema = {
  type: 'object',
  description: '永久素材及引用它的内容',
  properties: { ...mediaFields, usedBy: { type: 'array', items: { type: 'string' } } },
  additionalProperties: true,
} as const;

export const mediaListSchema = { type: 'object', properties: { items: { type: 'array', items: mediaWithUsersSchema } }, required: ['items'] } as const;

export const thumbnailSchema = {
  description: '素材缩略图',
  content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
} as const;

export const qrcodeSchema = {
  type: 'object',
  description: '带参数二维码',
  properties: {
    id: { type: 'integer' },
    scene: { type: 'string' },
    permanent: { type: 'boolean' },
    action: nullableString,
    ticket: { type: 'string' },
    url: { type: 'string' },
    expiresAt: nullableDateTime,
    scans: { type: 'integer' },
    subscriptions: { type: 'integer' },
    createdBy: { type: 'string' },
    createdAt: dateTime,
    image: { type: 'string', description: '二维码图片地址' },
  },
  additionalProperties: true,
} as const;

export const qrcodeListSchema = { type: 'object', properties: { items: { type: 'array', items: qrcodeSchema } }, required: ['items'] } as const;
