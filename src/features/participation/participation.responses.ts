/** Success answers of the polls and tip-collection admin API (OpenAPI documentation only). */

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

const pollFields = {
  id: { type: 'integer' },
  title: { type: 'string' },
  question: { type: 'string' },
  options: { type: 'array', items: { type: 'string' } },
  multiple: { type: 'boolean' },
  showResults: { type: 'boolean' },
  startsAt: nullableDateTime,
  endsAt: nullableDateTime,
  phase: { type: 'string', enum: ['not_started', 'open', 'ended'] },
  action: { type: 'string', description: '菜单或关键词回复引用的动作，如 poll:1' },
  createdAt: dateTime,
} as const;

export const pollSchema = { type: 'object', description: '投票', properties: pollFields, additionalProperties: true } as const;

export const pollListSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'object', properties: { ...pollFields, voters: { type: 'integer' } }, additionalProperties: true } } },
  required: ['items'],
} as const;

export const pollResultsSchema = {
  type: 'object',
  properties: {
    options: { type: 'array', items: { type: 'object', properties: { text: { type: 'string' }, count: { type: 'integer' } }, required: ['text', 'count'] } },
    voters: { type: 'integer' },
  },
  required: ['options', 'voters'],
} as const;

export const pollCsvSchema = {
  description: '每张选票一行（时间、渠道、选择），随后是各选项票数；不含投票人',
  content: { 'text/csv': { schema: { type: 'string' } } },
} as const;

const collectionFields = {
  id: { type: 'integer' },
  title: { type: 'string' },
  prompt: { type: 'string' },
  photos: { type: 'boolean' },
  location: { type: 'boolean' },
  contact: { type: 'boolean' },
  startsAt: nullableDateTime,
  endsAt: nullableDateTime,
  createdAt: dateTime,
  action: { type: 'string', description: '菜单或关键词回复引用的动作，如 tips:1' },
} as const;

export const collectionSchema = { type: 'object', description: '线索征集', properties: collectionFields, additionalProperties: true } as const;

export const collectionListSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: { type: 'object', properties: { ...collectionFields, tips: { type: 'integer' }, unreviewed: { type: 'integer' } }, additionalProperties: true },
    },
  },
  required: ['items'],
} as const;

export const tipListSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        description: '线索（联系方式已打码）',
        properties: {
          id: { type: 'integer' },
          content: { type: 'string' },
          photos: { type: 'array', items: { type: 'object', additionalProperties: true } },
          location: { type: ['object', 'null'], additionalProperties: true },
          contactMasked: { type: ['string', 'null'] },
          status: { type: 'string', enum: ['new', 'accepted', 'dismissed', 'ticket'] },
          reviewNote: { type: ['string', 'null'] },
          reviewedBy: { type: ['string', 'null'] },
          ticketId: { type: ['integer', 'null'] },
          createdAt: dateTime,
        },
        additionalProperties: true,
      },
    },
  },
  required: ['items'],
} as const;

export const reviewSchema = {
  type: 'object',
  properties: { ok: { type: 'boolean', enum: [true] }, status: { type: 'string', enum: ['accepted', 'dismissed'] } },
  required: ['ok', 'status'],
} as const;
