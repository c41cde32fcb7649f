import { CATEGORIES, STATUSES } from './tickets.types.js';

/** JSON schemas of the tickets admin API: bad input is a 400 naming the field. */

/** Ids are bigserial; beyond 2^53 a JSON number is no longer exact, so that is the ceiling. */
const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
export const idParams = { type: 'object', required: ['id'], properties: { id } } as const;
export const attachmentParams = {
  type: 'object',
  required: ['id', 'attachmentId'],
  properties: { id, attachmentId: id },
} as const;

export const listQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: STATUSES },
    category: { type: 'string', enum: CATEGORIES },
    overdue: { type: 'boolean' },
    dueSoon: { type: 'boolean', description: '未办结且今天或明天到期' },
    undelivered: { type: 'boolean', description: '最近一次通知未送达群众' },
    q: { type: 'string', minLength: 1, maxLength: 100 },
    department: { type: 'string', minLength: 1, maxLength: 60 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;
const body = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, properties }) as const;

export const assignBody = body(['department'], { department: text(60), note: text(1000) });
/** A reply must fit one customer-service message (2048 bytes) with its header: 600 CJK characters. */
export const replyBody = body(['content'], { content: text(600) });
export const requestInfoBody = body(['question'], { question: text(500) });
export const closeBody = { ...body([], { note: text(1000) }), nullable: true } as const;
export const reopenBody = { ...body([], { reason: text(500) }), nullable: true } as const;
export const mergeBody = body(['into'], { into: id });
export const noteBody = body(['content'], { content: text(1000) });
export const revealBody = body(['reason'], { reason: text(200) });

export const statsQuery = {
  type: 'object',
  properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } },
} as const;

export const settingsBody = {
  type: 'object',
  properties: {
    deadlines: {
      type: 'object',
      propertyNames: { enum: CATEGORIES },
      additionalProperties: { type: 'integer', minimum: 0, maximum: 60 },
    },
    departments: { type: 'array', maxItems: 200, uniqueItems: true, items: text(60) },
    statusTemplateId: { type: ['string', 'null'], minLength: 1, maxLength: 128 },
  },
} as const;
