import type { FastifyInstance } from 'fastify';

/** The error body every admin route may answer (admin/errors.ts, the 429 of sign-in throttling). */
export const errorResponseSchema = {
  type: 'object',
  description: '错误',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
      required: ['code', 'message'],
      additionalProperties: true,
    },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
    retryAt: { type: 'string' },
    retryAfterSeconds: { type: 'integer' },
  },
  required: ['error'],
  additionalProperties: true,
} as const;

/**
 * Every OpenAPI operation gets a summary (from its method and path when the route has none)
 * and, under /admin/api, the error responses (4XX, 5XX). Success bodies are described by each
 * route's own `response` schema.
 */
export function openApiDefaults(app: FastifyInstance, adminPrefix: string): void {
  // Response schemas describe the API (OpenAPI, the console's typed client); they never reshape
  // what a route answers. Fastify would otherwise serialize through them and silently drop any
  // field a schema does not list; admin answers are small, so plain JSON.stringify costs nothing.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ??= {}) as Record<string, unknown>;
    if (schema.hide) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.includes('HEAD') && methods.length === 1) return;
    schema.summary ??= `${methods.join('/')} ${route.url}`;
    if (!route.url.startsWith(adminPrefix)) return;
    const response = (schema.response ??= {}) as Record<string, unknown>;
    response['4XX'] ??= errorResponseSchema;
    response['5XX'] ??= errorResponseSchema;
  });
}
