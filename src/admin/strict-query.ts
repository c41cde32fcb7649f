import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import { AppError } from '../lib/errors.js';

interface QuerySchema {
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
}

/**
 * An unknown query parameter gets 400 instead of being ignored (a misspelt filter must
 * not return everything). Fastify's ajv removes additional properties rather than
 * refusing them, so the keys are checked before validation, on every admin route: against
 * the declared querystring, or against none when a route declares none.
 */
export function refuseUnknownQueryParameters(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema?.querystring as QuerySchema | undefined;
    if (schema?.additionalProperties === true || (schema && !schema.properties)) return;
    // A route that declares no querystring takes no query parameter at all.
    const known = new Set(Object.keys(schema?.properties ?? {}));
    const check: preValidationHookHandler = async (request) => {
      for (const key of Object.keys((request.query as Record<string, unknown>) ?? {})) {
        if (!known.has(key)) {
          const list = [...known].join(', ') || '（无）';
          throw new AppError(400, 'VALIDATION', `未知的查询参数“${key}”；可用参数：${list}`, key);
        }
      }
    };
    const existing = route.preValidation;
    route.preValidation = existing ? [check, ...(Array.isArray(existing) ? existing : [existing])] : [check];
  });
}
