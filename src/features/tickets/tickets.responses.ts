import { CATEGORIES, STATUSES } from './tickets.types.js';

/** Success answers of the tickets admin API (OpenAPI documentation only: answers are never reshaped). */

const nullableString = { type: ['string', 'null'] } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;

/** How the citizen was told of a change: custom message, template message, or not at all. */
export const deliverySchema = {
  type: ['object', 'null'],
  description: '通知群众的结果',
  properties: { channel: { type: 'string', enum: ['custom', 'template', 'none'] }, delivered: { type: 'boolean' }, reason: { type: 'string' } },
  additionalProperties: true,
} as const;

const ticketFields = {
  id: { type: 'integer' },
  ticketNo: { type: 'string' },
  category: { type: 'string', enum: CATEGORIES },
  status: { type: 'string', enum: STATUSES },
  statusLabel: { type: 'string' },
  publicStatus: { type: 'string' },
  channel: { type: 'string' },
  department: nullableString,
  content: { type: 'string', description: '诉求内容（号码已打码）' },
  location: { type: ['object', 'null'], additionalProperties: true },
  anonymous: { type: 'boolean' },
  confidential: { type: 'boolean' },
  contact: { type: ['object', 'null'], description: '打码后的联系人', additionalProperties: true },
  contactHidden: { type: 'boolean' },
  dueDate: { type: 'string', format: 'date' },
  originalDueDate: nullableString,
  pendingExtension: { type: ['object', 'null'], additionalProperties: true },
  overdue: { type: 'boolean' },
  dueSoon: { type: 'boolean' },
  attachments: { type: 'integer' },
  rating: { type: ['integer', 'null'] },
  firstReplyAt: nullableDateTime,
  directAnswer: { type: ['boolean', 'null'] },
  closedAt: nullableDateTime,
  mergedInto: { type: ['integer', 'null'] },
  createdAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
} as const;

const ticket = (description: string, extra: Record<string, unknown> = {}) =>
  ({ type: 'object', description, properties: { ...ticketFields, ...extra }, additionalProperties: true }) as const;

export const ticketListSchema = {
  type: 'object',
  properties: {
    items: { type: 'array', items: ticket('工单（列表视图）', { test: { type: 'boolean' }, lastNotice: { ...anyObject, type: ['object', 'null'] } }) },
    total: { type: 'integer' },
  },
  required: ['items', 'total'],
} as const;

export const ticketDetailSchema = ticket('工单详情', {
  lastNotice: { ...anyObject, type: ['object', 'null'] },
  events: {
    type: 'array',
    items: {
      type: 'object',
      properties: { id: { type: 'integer' }, action: { type: 'string' }, actor: { type: 'string' }, visibility: { type: 'string' }, detail: anyObject, at: { type: 'string', format: 'date-time' } },
      additionalProperties: true,
    },
  },
  attachmentList: {
    type: 'array',
    items: {
      type: 'object',
      properties: { id: { type: 'integer' }, kind: { type: 'string', enum: ['image', 'voice'] }, contentType: { type: 'string' }, size: { type: 'integer' }, createdAt: { type: 'string' }, url: { type: 'string' } },
      additionalProperties: true,
    },
  },
});

/** A ticket after an action, with how the citizen was told. */
export const ticketActionSchema = ticket('操作后的工单', { notification: deliverySchema });

export const ticketTransferredSchema = ticket('转交后的工单', { accountId: { type: 'string' }, originAccountId: nullableString, notification: deliverySchema });

export const revealSchema = {
  type: 'object',
  description: '明文的联系人与诉求内容（已记入审计）',
  properties: { name: nullableString, phone: nullableString, content: { type: 'string' } },
  required: ['name', 'phone', 'content'],
} as const;

export const okSchema = { type: 'object', properties: { ok: { type: 'boolean', enum: [true] } }, required: ['ok'] } as const;

export const deadlineCheckSchema = {
  type: 'object',
  properties: { dueSoon: { type: 'integer' }, overdue: { type: 'integer' } },
  required: ['dueSoon', 'overdue'],
} as const;

const ratio = (extra: Record<string, unknown>) => ({ type: 'object', properties: { label: { type: 'string' }, ...extra, rate: { type: ['number', 'null'] } }, additionalProperties: true }) as const;

const statsFields = {
  from: { type: 'string', format: 'date' },
  to: { type: 'string', format: 'date' },
  total: { type: 'integer' },
  byCategory: anyObject,
  byStatus: anyObject,
  byDepartment: anyObject,
  byMonth: anyObject,
  onTime: ratio({ closedOnTime: { type: 'integer' }, closed: { type: 'integer' } }),
  satisfaction: ratio({ satisfied: { type: 'integer' }, rated: { type: 'integer' } }),
  directAnswer: ratio({ direct: { type: 'integer' }, total: { type: 'integer' } }),
  firstReply: { type: 'object', properties: { label: { type: 'string' }, replied: { type: 'integer' }, medianSeconds: { type: ['number', 'null'] } }, additionalProperties: true },
} as const;

export const statsSchema = { type: 'object', description: '工单统计', properties: statsFields, additionalProperties: true } as const;

export const accountStatsSchema = {
  type: 'object',
  properties: {
    accounts: { type: 'array', items: { type: 'object', properties: { accountId: { type: 'string' }, ...statsFields }, additionalProperties: true } },
    total: {
      type: 'object',
      properties: { tickets: { type: 'integer' }, onTime: ratio({ closedOnTime: { type: 'integer' }, closed: { type: 'integer' } }), satisfaction: ratio({ satisfied: { type: 'integer' }, rated: { type: 'integer' } }) },
      additionalProperties: true,
    },
  },
  required: ['accounts', 'total'],
} as const;

export const settingsSchema = {
  type: 'object',
  properties: {
    deadlines: { type: 'object', description: '各类别办理时限（工作日）', additionalProperties: { type: 'integer' } },
    departments: { type: 'array', items: { type: 'string' } },
    statusTemplateId: nullableString,
  },
  additionalProperties: true,
} as const;

export const attachmentFileSchema = {
  description: '附件原文件（图片或语音）',
  content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
} as const;
