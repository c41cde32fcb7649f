/** Building blocks of admin success-response schemas (OpenAPI documentation; answers are never reshaped by them). */

type Props = Record<string, unknown>;

/** An object whose main fields are listed; the rest are allowed and not described. */
export const obj = (properties: Props, description?: string) =>
  ({ type: 'object', ...(description ? { description } : {}), properties, additionalProperties: true }) as const;

/** `{ items: [...] }` of the given item schema, plus any listed top-level fields. */
export const itemsOf = (item: unknown, extra: Props = {}, description?: string) =>
  obj({ items: { type: 'array', items: item }, ...extra }, description);

export const str = { type: 'string' } as const;
export const strOrNull = { type: ['string', 'null'] } as const;
export const int = { type: 'integer' } as const;
export const intOrNull = { type: ['integer', 'null'] } as const;
export const num = { type: 'number' } as const;
export const bool = { type: 'boolean' } as const;
export const anyObj = { type: 'object', additionalProperties: true } as const;
export const arrOf = (items: unknown) => ({ type: 'array', items }) as const;

/** `{ ok: true }` */
export const okSchema = obj({ ok: bool });

/** A CSV download. */
export const csvResponse = (description: string) => ({ description, content: { 'text/csv': { schema: { type: 'string' } } } }) as const;

/** No body (204). */
export const noContent = { description: '无内容', type: 'null' } as const;
