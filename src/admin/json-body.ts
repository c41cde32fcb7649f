import type { FastifyInstance } from 'fastify';
import { AppError } from '../lib/errors.js';

/** No admin body comes near this (a custom menu is four levels deep); recursive walks stay far from the stack limit. */
export const MAX_JSON_DEPTH = 64;

/** Deepest bracket nesting of a JSON text, stopping early past `limit`; brackets inside strings do not count. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * JSON bodies are refused before parsing when nested deeper than MAX_JSON_DEPTH: a body
 * of 100,000 brackets is only 200 KB, and every recursive walk after JSON.parse
 * (validation, text checks, serialisation) would end in a RangeError and a 500.
 * Fastify's own parser then runs, keeping its prototype-poisoning protection.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH)) {
      done(new AppError(400, 'VALIDATION', `JSON 嵌套过深（最多 ${MAX_JSON_DEPTH} 层）`, 'body'), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}
