import type { FastifyError, FastifyInstance } from 'fastify';
import { redactSecrets } from '../infra/wechat/redact.js';
import { AppError } from '../lib/errors.js';

interface ErrorBody {
  error: { code: string; message: string; field?: string };
  /** Validation: every error at once, each with its field path (ajv allErrors). */
  errors?: Array<{ field: string; message: string }>;
}

/** Names the offending field from an ajv validation error: `keywords/0/match` → `keywords[0].match`. */
function fieldOf(err: FastifyError): string | undefined {
  const first = err.validation?.[0];
  if (!first) return undefined;
  return pathOf(first, err.validationContext);
}

function pathOf(first: NonNullable<FastifyError['validation']>[number], context: string | undefined): string | undefined {
  const path = first.instancePath
    .split('/')
    .filter(Boolean)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
  const params = first.params as { missingProperty?: string; additionalProperty?: string };
  const leaf = params.missingProperty ?? params.additionalProperty;
  if (leaf) return path ? `${path}.${leaf}` : leaf;
  return path || context;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    let status = err.statusCode ?? 500;
    let body: ErrorBody;
    if (err instanceof AppError) {
      body = { error: { code: err.code, message: err.message, field: err.field } };
    } else if ((err as FastifyError).validation) {
      const field = fieldOf(err as FastifyError);
      status = 400;
      const context = (err as FastifyError).validationContext;
      const errors = (err as FastifyError).validation!.map((v) => ({ field: pathOf(v, context) ?? context ?? 'body', message: v.message ?? 'invalid' }));
      body = { error: { code: 'VALIDATION', message: `${field ?? 'body'}: ${err.message}`, field }, errors };
    } else if (typeof (err as { code?: unknown }).code === 'string' && /^22[0-9A-Z]{3}$/.test((err as { code: string }).code)) {
      // PostgreSQL class 22 (data exception): a value the schema let through but the database cannot store.
      status = 400;
      body = { error: { code: 'VALIDATION', message: 'a value is out of range or cannot be stored' } };
    } else if (status < 500) {
      body = { error: { code: (err as FastifyError).code ?? 'BAD_REQUEST', message: redactSecrets(err.message) } };
    } else {
      // A library error may quote the URL it called, and WeChat URLs carry the AppSecret or the access_token.
      request.log.error({ err: { type: err.name, message: redactSecrets(err.message), stack: redactSecrets(err.stack ?? '') } }, 'request failed');
      status = 500;
      body = { error: { code: 'INTERNAL', message: 'Internal server error' } };
    }
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `Route ${request.method} ${request.url.split('?')[0]} not found` } }),
  );
}
