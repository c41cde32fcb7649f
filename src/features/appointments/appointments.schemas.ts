/** JSON schemas of the appointments admin API: every input is validated, errors name the field. */

const hhmm = { type: 'string', pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$' } as const;
const code = { type: 'string', minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' } as const;

const scheduleSchema = {
  type: 'array',
  maxItems: 21,
  items: {
    type: 'object',
    required: ['weekdays', 'start', 'end'],
    properties: {
      weekdays: { type: 'array', minItems: 1, maxItems: 7, uniqueItems: true, items: { type: 'integer', minimum: 1, maximum: 7 } },
      start: hhmm,
      end: hhmm,
    },
  },
} as const;

const slotMinutes = { type: 'integer', minimum: 5, maximum: 480 } as const;
const capacityPerSlot = { type: 'integer', minimum: 1, maximum: 10000 } as const;
const text = (max: number) => ({ type: 'string', maxLength: max }) as const;

export const serviceBodySchema = {
  type: 'object',
  required: ['code', 'name', 'kind', 'slotMinutes', 'capacityPerSlot', 'schedule', 'bookingWindow', 'cancelDeadlineMinutes'],
  properties: {
    code,
    name: { type: 'string', minLength: 1, maxLength: 60 },
    kind: { type: 'string', enum: ['hall', 'hospital'] },
    location: text(200),
    guideCodes: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 64 } },
    slotMinutes,
    capacityPerSlot,
    schedule: { ...scheduleSchema, minItems: 1 },
    bookingWindow: {
      type: 'object',
      required: ['minDaysAhead', 'maxDaysAhead'],
      properties: {
        minDaysAhead: { type: 'integer', minimum: 0, maximum: 365 },
        maxDaysAhead: { type: 'integer', minimum: 0, maximum: 365 },
        unit: { type: 'string', enum: ['calendar_day', 'working_day'] },
      },
    },
    cancelDeadlineMinutes: { type: 'integer', minimum: 0, maximum: 43200 },
    perPersonPerDay: { type: 'integer', minimum: 1, maximum: 100 },
    noShow: {
      type: 'object',
      required: ['threshold', 'windowDays', 'banDays'],
      properties: {
        threshold: { type: 'integer', minimum: 1, maximum: 100 },
        windowDays: { type: 'integer', minimum: 1, maximum: 3650 },
        banDays: { type: 'integer', minimum: 1, maximum: 3650 },
      },
    },
    requireIdNumber: { type: 'boolean' },
    walkInRatio: { type: 'number', minimum: 0, maximum: 0.95 },
    reminderMinutesBefore: { type: 'array', maxItems: 5, uniqueItems: true, items: { type: 'integer', minimum: 1, maximum: 43200 } },
    resources: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['code', 'name'],
        properties: {
          code,
          name: { type: 'string', minLength: 1, maxLength: 60 },
          kind: { type: 'string', enum: ['department', 'doctor'] },
          schedule: { ...scheduleSchema, minItems: 1 },
          slotMinutes,
          capacityPerSlot,
          whatToBring: text(500),
        },
      },
    },
    whatToBring: text(500),
    reminderTemplateId: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' },
    provider: text(100),
    department: { type: 'string', minLength: 1, maxLength: 60, pattern: '\\S' },
    enabled: { type: 'boolean' },
  },
  // A hospital books its departments or doctors, each on its own schedule.
  if: { properties: { kind: { const: 'hospital' } } },
  then: { required: ['resources'], properties: { resources: { type: 'array', minItems: 1 } } },
} as const;

export const settingsBodySchema = {
  type: 'object',
  required: ['reminderTemplateId'],
  properties: { reminderTemplateId: { type: ['string', 'null'], maxLength: 128, pattern: '^[A-Za-z0-9_-]*$' } },
} as const;

export const BOOKING_STATUSES = ['booked', 'cancelled', 'checked_in', 'no_show'] as const;

export const bookingQuerySchema = {
  type: 'object',
  properties: {
    service: { type: 'string', minLength: 1, maxLength: 32 },
    /** A Beijing civil date, or `today`. */
    date: { type: 'string', pattern: '^(today|\\d{4}-\\d{2}-\\d{2})$', description: 'YYYY-MM-DD（北京时间）或 today' },
    status: { type: 'string', enum: BOOKING_STATUSES },
    bookingNo: { type: 'string', minLength: 1, maxLength: 40, description: '预约号（精确匹配）' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

export const bookingNoParamSchema = {
  type: 'object',
  required: ['bookingNo'],
  properties: { bookingNo: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9-]+$', description: '预约号' } },
} as const;

export const revealBodySchema = {
  type: ['object', 'null'],
  properties: { reason: { type: 'string', maxLength: 200 } },
} as const;

export { idParamSchema } from '../../lib/schemas.js';

export const cancelDayBodySchema = {
  type: 'object',
  required: ['date', 'reason'],
  properties: {
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '设为节假日的日期 YYYY-MM-DD（北京时间）' },
    reason: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S', description: '取消原因，写入通知和审计日志' },
    notify: { type: 'boolean', default: true, description: '是否通知市民（48小时内发客服消息，否则发预约变更模板消息）' },
  },
} as const;

const cancelDayItemSchema = {
  type: 'object',
  required: ['bookingNo', 'service', 'start', 'cancelled', 'notice', 'reason'],
  properties: {
    bookingNo: { type: 'string' },
    service: { type: 'string' },
    start: { type: 'string', description: '时段开始（北京时间 HH:MM）' },
    cancelled: { type: 'boolean', description: '本次取消（false：此前已取消，本次补发通知）' },
    notice: { type: 'string', enum: ['text', 'template', 'undelivered', 'none'] },
    reason: { type: ['string', 'null'], description: '未送达的原因' },
  },
} as const;

export const cancelDayResponseSchema = {
  type: 'object',
  required: ['date', 'cancelled', 'notified', 'undelivered', 'items'],
  properties: {
    date: { type: 'string' },
    cancelled: { type: 'integer' },
    notified: { type: 'integer' },
    undelivered: { type: 'integer' },
    items: { type: 'array', items: cancelDayItemSchema },
  },
} as const;
