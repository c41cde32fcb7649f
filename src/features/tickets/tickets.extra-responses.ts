/** Success answers of publishing, 督办 and tip-to-ticket routes (OpenAPI documentation only). */

const publication = {
  type: 'object',
  description: '公开答复',
  properties: {
    id: { type: 'integer' },
    ticketId: { type: 'integer' },
    category: { type: 'string' },
    question: { type: 'string' },
    answer: { type: 'string' },
    department: { type: ['string', 'null'] },
    publishedBy: { type: 'string' },
    publishedAt: { type: 'string', format: 'date-time' },
    withdrawnAt: { type: ['string', 'null'], format: 'date-time' },
  },
  additionalProperties: true,
} as const;

export const publicationSchema = publication;

export const publishDraftSchema = {
  type: 'object',
  description: '已去除个人信息的公开答复草稿，及已发布的答复（如有）',
  properties: { question: { type: 'string' }, answer: { type: 'string' }, published: { ...publication, type: ['object', 'null'] } },
  required: ['question', 'answer', 'published'],
} as const;

export const supervisionSettingsSchema = {
  type: 'object',
  properties: { dueSoonDays: { type: 'integer' }, noticeTemplateId: { type: ['string', 'null'] }, digestHour: { type: 'integer' } },
  additionalProperties: true,
} as const;

export const bindingCodeSchema = {
  type: 'object',
  properties: { code: { type: 'string' }, expiresInSeconds: { type: 'integer' }, instruction: { type: 'string' } },
  required: ['code', 'expiresInSeconds', 'instruction'],
} as const;

const digestTicket = {
  type: 'object',
  properties: { id: { type: 'integer' }, ticketNo: { type: 'string' }, category: { type: 'string' }, dueDate: { type: 'string' } },
  additionalProperties: true,
} as const;

export const digestPreviewSchema = {
  type: 'object',
  properties: {
    departments: {
      type: 'array',
      items: { type: 'object', properties: { department: { type: 'string' }, overdue: { type: 'array', items: digestTicket }, dueSoon: { type: 'array', items: digestTicket } }, additionalProperties: true },
    },
  },
  required: ['departments'],
} as const;

export const digestSentSchema = { type: 'object', properties: { sent: { type: 'integer', description: '发出的督办提醒数' } }, required: ['sent'] } as const;

export const tipTicketSchema = {
  type: 'object',
  description: '由线索立的工单（重复提交返回同一工单）',
  properties: { ticketId: { type: 'integer' }, ticketNo: { type: 'string' }, created: { type: 'boolean' } },
  required: ['ticketId', 'ticketNo', 'created'],
} as const;
