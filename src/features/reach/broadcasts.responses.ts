/** Success answers of the 群发, 应急预警 and notice-template routes (OpenAPI documentation only). */

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;

export const quotaSchema = {
  type: 'object',
  description: '群发额度：服务号每月 4 次（全部关注者），公众号每天 1 次',
  properties: {
    accountType: { type: 'string', enum: ['service', 'subscription'] },
    period: { type: 'string', enum: ['month', 'day'] },
    limit: { type: 'integer' },
    used: { type: 'integer' },
    remaining: { type: 'integer' },
    resetsAt: dateTime,
  },
  required: ['accountType', 'period', 'limit', 'used', 'remaining', 'resetsAt'],
} as const;

const broadcastFields = {
  id: { type: 'integer' },
  audience: { type: 'object', description: '{ all: true } 或 { tagId }', properties: { all: { type: 'boolean' }, tagId: nullableInteger }, additionalProperties: true },
  message: { type: 'object', description: '群发内容（text、news、image 或 mpnews）', properties: { type: { type: 'string', enum: ['text', 'news', 'image', 'mpnews'] } }, additionalProperties: true },
  emergency: { type: 'boolean' },
  status: { type: 'string', enum: ['pending_approval', 'ready', 'scheduled', 'sending', 'sent', 'failed', 'finished'] },
  sendAt: nullableDateTime,
  author: { type: 'string' },
  approvedBy: nullableString,
  approvedAt: nullableDateTime,
  clientMsgId: { type: 'string' },
  msgId: nullableString,
  sentAt: nullableDateTime,
  wechatStatus: nullableString,
  totalCount: nullableInteger,
  filterCount: nullableInteger,
  sentCount: nullableInteger,
  errorCount: nullableInteger,
  error: nullableString,
  createdAt: dateTime,
} as const;

export const broadcastSchema = { type: 'object', description: '群发', properties: broadcastFields, additionalProperties: true } as const;

export const broadcastListSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: broadcastSchema }, quota: quotaSchema },
  required: ['items', 'quota'],
} as const;

export const broadcastSettingsSchema = {
  type: 'object',
  properties: { approvalRequired: { type: 'boolean', description: '群发须经管理员审核' }, accountType: { type: 'string', enum: ['service', 'subscription'] } },
  additionalProperties: true,
} as const;

export const previewedSchema = { type: 'object', properties: { previewed: { type: 'boolean', enum: [true] } }, required: ['previewed'] } as const;

export const warningTemplateSchema = {
  type: 'object',
  properties: { format: { type: 'string', description: '占位符 {title} {level} {area} {advice} {hotline}' }, hotline: { type: 'string' } },
  required: ['format', 'hotline'],
} as const;

export const emergencyComposedSchema = {
  type: 'object',
  description: '待发送的应急预警：按模板生成的正文、当前群发额度与发送地址',
  properties: { ...broadcastFields, text: { type: 'string' }, quota: quotaSchema, send: { type: 'string' } },
  required: ['id', 'text', 'quota', 'send'],
  additionalProperties: true,
} as const;

const noticeKinds = ['bookingReminder', 'bookingChange', 'ticketStatus', 'ticketReply'] as const;

export const noticeTemplatesSchema = {
  type: 'object',
  description: '各类通知的模板消息 ID（未设置为 null）',
  properties: Object.fromEntries(noticeKinds.map((k) => [k, nullableString])),
  additionalProperties: true,
} as const;

export const undeliveredSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        description: '未送达群众的通知',
        properties: {
          kind: { type: 'string', enum: ['booking-reminder', 'booking-change', 'ticket'] },
          reference: { type: 'string', description: '预约号或工单号' },
          reason: { type: 'string' },
          at: dateTime,
        },
        additionalProperties: true,
      },
    },
  },
  required: ['items'],
} as const;
