import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../lib/errors.js';

/**
 * PostgreSQL text and jsonb cannot hold NUL, and an unpaired UTF-16 surrogate has no
 * UTF-8 form: either would fail deep in a query as a 500. They are refused for every
 * admin route here, before validation, naming the field.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused here.
const HAZARD = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** The path of the first string (value or key) holding a hazard, in the error handler's `a.b[0].c` form. */
export function findHazard(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return HAZARD.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findHazard(item, join(path, i));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (HAZARD.test(key)) return join(path, key.replace(HAZARD, '?'));
      const found = findHazard(item, join(path, key));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export async function rejectTextHazards(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  for (const [part, value] of [['body', request.body], ['querystring', request.query], ['params', request.params]] as const) {
    const field = findHazard(value);
    if (field !== undefined) throw badRequest(field || part, `${field || part}: text must not contain NUL characters or unpaired surrogates`);
  }
}
