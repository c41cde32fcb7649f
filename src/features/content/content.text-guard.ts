import type { FastifyRequest } from 'fastify';
import { badRequest } from '../../lib/errors.js';

/**
 * Postgres text cannot hold NUL, and a lone UTF-16 surrogate has no UTF-8 form:
 * either would fail at the database as a 500. Found before validation, it is a 400
 * naming the field.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

/** The path of the first string (value or key) that cannot be stored, if any. */
export function findUnstorableText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return hasUnstorableText(value) ? path || 'body' : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (hasUnstorableText(key)) return field;
      const found = findUnstorableText(item, field);
      if (found) return found;
    }
  }
  return undefined;
}

/** A preValidation hook for a scope of admin routes. */
export async function rejectUnstorableText(request: FastifyRequest): Promise<void> {
  const field = findUnstorableText(request.body) ?? findUnstorableText(request.query);
  if (field) throw badRequest(field, `${field}: 含有无法保存的字符（NUL 或不成对的代理字符）`);
}

/** Text from a public URL, cut to length, with anything unstorable or invisible removed. */
export function cleanText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  return value
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]|[\uD800-\uDFFF]/gu, '')
    .trim()
    .slice(0, max);
}
