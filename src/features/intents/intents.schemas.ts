/** JSON schemas of the intents API; errors name the field. */

const phraseSchema = {
  type: 'object',
  required: ['text', 'match'],
  additionalProperties: false,
  properties: {
    text: { type: 'string', minLength: 1, maxLength: 100 },
    match: { type: 'string', enum: ['exact', 'contains'] },
  },
} as const;

const fields = {
  name: { type: 'string', minLength: 1, maxLength: 60 },
  phrases: { type: 'array', minItems: 1, maxItems: 100, items: phraseSchema },
  action: { type: 'string', minLength: 1, maxLength: 1000 },
  priority: { type: 'integer', minimum: -1000, maximum: 2000 },
  enabled: { type: 'boolean' },
} as const;

export const intentBodySchema = {
  type: 'object',
  required: ['name', 'phrases', 'action'],
  additionalProperties: false,
  properties: fields,
} as const;

export const intentPatchSchema = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: fields,
} as const;

export { idParamSchema } from '../../lib/schemas.js';
