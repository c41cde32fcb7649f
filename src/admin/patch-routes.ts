import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Resources whose `PUT /<resource>/:id` gets a `PATCH` twin. */
export const PATCHABLE = ['keyword-rules', 'news', 'guides', 'places', 'appointment-services'];

interface Found {
  url: string;
  params: unknown;
  body: Record<string, unknown>;
  tags?: string[];
  /** The PUT's own summary and success answers: a PATCH answers what its PUT answers. */
  summary?: string;
  response?: Record<string, unknown>;
}

const FORWARDED = ['authorization', 'cookie', 'x-csrf-token', 'x-account-id'] as const;

/**
 * The PUT body schema reduced to its fields' types: a PATCH names only what changes, so
 * nothing is required and cross-field conditions wait for the merged PUT, which checks all.
 */
function partial(schema: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', properties: schema.properties ?? {}, ...(schema.additionalProperties === false ? { additionalProperties: false } : {}), minProperties: 1 };
}

/**
 * PATCH for the resources above without touching their modules: the PATCH body is validated
 * against the PUT schema minus `required`, merged over the current item (GET), and sent
 * through the PUT route itself, so its validation, audit and change announcement all apply.
 * Call the returned function after the resource routes are registered.
 */
export function patchTwins(app: FastifyInstance): () => Promise<void> {
  const found: Found[] = [];
  const pattern = new RegExp(`^${app.prefix}/(${PATCHABLE.join('|')})/:id$`);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const body = route.schema?.body as Record<string, unknown> | undefined;
    if (!methods.includes('PUT') || !pattern.test(route.url) || !body) return;
    found.push({
      url: route.url.slice(app.prefix.length),
      params: route.schema?.params,
      body,
      tags: route.schema?.tags as string[] | undefined,
      summary: route.schema?.summary,
      response: successOf(route.schema?.response as Record<string, unknown> | undefined),
    });
  });
  return async () => {
    for (const twin of found) {
      app.patch(
        twin.url,
        {
          schema: {
            tags: twin.tags,
            summary: `${twin.summary ? `${twin.summary}：` : ''}部分更新（只需提供要修改的字段）`,
            params: twin.params,
            body: partial(twin.body),
            ...(twin.response ? { response: twin.response } : {}),
          },
        },
        async (request, reply) => {
          const headers = forwarded(request);
          const url = request.url.split('?')[0]!;
          const current = await app.inject({ method: 'GET', url, headers, remoteAddress: request.ip });
          if (current.statusCode !== 200) return reply.code(current.statusCode).type('application/json').send(current.body);
          const merged = { ...withoutNulls(current.json() as Record<string, unknown>), ...(request.body as Record<string, unknown>) };
          const put = await app.inject({ method: 'PUT', url, headers, payload: merged, remoteAddress: request.ip });
          return reply.code(put.statusCode).type(String(put.headers['content-type'] ?? 'application/json')).send(put.body);
        },
      );
    }
  };
}

/** The 2xx entries of a route's response schemas (errors are added to every admin route anyway). */
function successOf(response: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const success = Object.entries(response ?? {}).filter(([code]) => /^2/.test(code));
  return success.length > 0 ? Object.fromEntries(success) : undefined;
}

function forwarded(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** A null the GET shows means "not set": the PUT schema wants the field absent. */
function withoutNulls(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== null));
}
