/** JSON schemas of the content admin API. `additionalProperties: false` drops unknown fields before storage. */

const str = (maxLength: number, minLength = 0) => ({ type: 'string', minLength, maxLength }) as const;
const nullableStr = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;
const httpUrl = { type: 'string', pattern: '^https?://[^\\s]+$', maxLength: 1024 } as const;
const nullableUrl = { type: ['string', 'null'], pattern: '^https?://[^\\s]+$', maxLength: 1024 } as const;
const status = { type: 'string', enum: ['draft', 'published'] } as const;
const strings = (maxItems: number, maxLength: number) => ({ type: 'array', maxItems, items: str(maxLength, 1) }) as const;
const lat = { type: 'number', minimum: -90, maximum: 90 } as const;
const lng = { type: 'number', minimum: -180, maximum: 180 } as const;

export const newsBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'summary', 'body', 'category'],
  properties: {
    title: str(64, 1),
    summary: str(512),
    body: str(50_000, 1),
    category: str(20, 1),
    coverUrl: nullableUrl,
    url: nullableUrl,
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    status,
    pinned: { type: 'boolean' },
  },
} as const;

export const guideBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'department'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    appointment: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    name: str(200, 1),
    shortName: str(40),
    department: str(100, 1),
    acceptingUnit: str(100),
    itemType: str(20),
    summary: str(1000),
    conditions: strings(30, 500),
    materials: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: str(200, 1),
          required: { type: 'boolean' },
          originals: { type: 'integer', minimum: 0, maximum: 99 },
          copies: { type: 'integer', minimum: 0, maximum: 99 },
          note: str(500),
        },
      },
    },
    process: strings(30, 500),
    timeLimit: {
      type: 'object',
      additionalProperties: false,
      properties: {
        statutory: { type: ['integer', 'null'], minimum: 0, maximum: 3650 },
        promised: { type: ['integer', 'null'], minimum: 0, maximum: 3650 },
        unit: { type: 'string', enum: ['工作日', '自然日'] },
        statutoryUnit: { type: 'string', enum: ['工作日', '自然日'] },
        note: str(500),
      },
    },
    fee: str(500),
    basis: strings(30, 300),
    locations: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'address'],
        properties: { name: str(100, 1), address: str(200, 1), hours: str(200), window: str(100), lat, lng },
      },
    },
    phone: str(40),
    complaintPhone: str(40),
    forms: {
      type: 'array',
      maxItems: 20,
      items: { type: 'object', additionalProperties: false, required: ['name', 'url'], properties: { name: str(100, 1), url: httpUrl } },
    },
    online: {
      type: 'object',
      additionalProperties: false,
      required: ['available'],
      properties: { available: { type: 'boolean' }, url: httpUrl },
    },
    keywords: strings(30, 20),
    faqs: {
      type: 'array',
      maxItems: 30,
      items: { type: 'object', additionalProperties: false, required: ['q', 'a'], properties: { q: str(200, 1), a: str(2000, 1) } },
    },
    status,
  },
} as const;

export const placeBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind'],
  properties: {
    name: str(60, 1),
    kind: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,31}$' },
    address: nullableStr(200),
    phone: nullableStr(40),
    hours: nullableStr(200),
    lat: { type: ['number', 'null'], minimum: -90, maximum: 90 },
    lng: { type: ['number', 'null'], minimum: -180, maximum: 180 },
    note: nullableStr(500),
    status,
  },
} as const;

const paging = {
  page: { type: 'integer', minimum: 1, maximum: 10_000 },
  pageSize: { type: 'integer', minimum: 1, maximum: 100 },
  status,
  q: str(100),
} as const;

export const newsListQuerySchema = { type: 'object', properties: { ...paging, category: str(20, 1) } } as const;
export const guideListQuerySchema = { type: 'object', properties: { ...paging, department: str(100, 1) } } as const;
export const placeListQuerySchema = { type: 'object', properties: { ...paging, kind: placeBodySchema.properties.kind } } as const;

export const synonymsBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['terms'],
  properties: { terms: { type: 'array', minItems: 2, maxItems: 20, items: str(20, 1) } },
} as const;

export const unmatchedQuerySchema = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, days: { type: 'integer', minimum: 1, maximum: 3650 } },
} as const;

export const importQuerySchema = {
  type: 'object',
  properties: {
    format: { type: 'string', enum: ['jsonl', 'csv'] },
    dryRun: { type: 'boolean', description: '只检查、不写入：返回每行的错误与警告' },
  },
} as const;

export const guideExportQuerySchema = { type: 'object', properties: { status, department: str(100, 1) } } as const;

/** Row ids: bigserial, but never past what a JS number holds exactly (a larger id is a 400, not a database error). */
export const idParamSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
} as const;
