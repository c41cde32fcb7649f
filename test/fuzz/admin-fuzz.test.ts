import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { arbitraryFor, outOfRange, pathParam, queryValue, storableText, textHazards, type Schema } from './schema-arbitrary.js';

interface Route {
  method: string;
  path: string;
  body?: Schema;
  query: string[];
}

interface Failure {
  route: string;
  status: number;
  answer: string;
  input: unknown;
}

/** Admin routes as the OpenAPI document publishes them: every feature's, as they land. */
async function adminRoutes(t: TestApp): Promise<Route[]> {
  const doc = (await t.app.inject({ url: '/admin/docs/json', headers: adminHeaders })).json() as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: Array<{ in: string; name: string }> }>>;
  };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/admin/api/'))
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      })),
    );
}

const fill = (path: string, param: string) => path.replace(/\{[^}]+\}/g, param);

/** Error answers carry the documented shape; success is any 2xx. */
function failureOf(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return res.body.slice(0, 160);
  if (res.statusCode >= 400 && res.headers['content-type']?.toString().includes('json')) {
    const body = res.json() as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string') return `malformed error body: ${res.body.slice(0, 160)}`;
  }
  return undefined;
}

function summary(failures: Failure[], seed: number): string {
  const byRoute = new Map<string, Failure>();
  for (const f of failures) if (!byRoute.has(`${f.route} ${f.status}`)) byRoute.set(`${f.route} ${f.status}`, f);
  return `seed ${seed}; ${failures.length} failing requests:\n${[...byRoute.values()]
    .map((f) => `  ${f.route} → ${f.status} ${f.answer.slice(0, 140)}\n    input: ${JSON.stringify(f.input)?.slice(0, 240)}`)
    .join('\n')}`;
}

describe('hostile input: the admin API', () => {
  let t: TestApp;
  let routes: Route[];
  beforeAll(async () => {
    t = await createTestApp();
    routes = await adminRoutes(t);
  });
  afterAll(async () => t?.close());

  const send = (method: string, url: string, payload?: unknown) =>
    t.app.inject({ method: method as 'POST', url, headers: adminHeaders, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('when the core routes get random and schema-shaped hostile JSON then each answer is a 2xx or a coded 4xx, never a 5xx', async () => {
    const core = ['/admin/api/keyword-rules', '/admin/api/keyword-rules/{id}', '/admin/api/auto-replies/subscribe', '/admin/api/auto-replies/default', '/admin/api/accounts', '/admin/api/calendar'];
    const targets = routes.filter((r) => r.body && core.includes(r.path));
    expect(targets.length).toBeGreaterThanOrEqual(6);
    for (const route of targets) {
      await fc.assert(
        fc.asyncProperty(arbitraryFor(route.body, storableText), fc.integer({ min: 1, max: 3 }), async (body, id) => {
          const res = await send(route.method, fill(route.path, String(id)), body);
          expect(failureOf(res), `${route.method} ${route.path}`).toBeUndefined();
        }),
        { numRuns: 150 },
      );
    }
  }, 120_000);

  it('when every admin route in the OpenAPI document gets hostile bodies, path parameters and query strings then none answers 5xx', async () => {
    const seed = Date.now();
    const failures: Failure[] = [];
    const record = (route: Route, res: LightMyRequestResponse, input: unknown) => {
      const problem = failureOf(res);
      if (problem) failures.push({ route: `${route.method} ${route.path}`, status: res.statusCode, answer: problem, input });
    };
    for (const route of routes) {
      if (route.body) {
        const inputs = fc.sample(fc.tuple(arbitraryFor(route.body, storableText), pathParam), { numRuns: 60, seed });
        for (const [body, param] of inputs) record(route, await send(route.method, fill(route.path, param), body), { param, body });
      } else if (route.method === 'GET' || route.method === 'DELETE') {
        const queries = fc.sample(fc.tuple(fc.record(Object.fromEntries(route.query.map((q) => [q, queryValue])), { requiredKeys: [] }), pathParam), { numRuns: 20, seed });
        for (const [query, param] of queries) {
          const qs = new URLSearchParams(query as Record<string, string>).toString();
          record(route, await send(route.method, `${fill(route.path, param)}${qs ? `?${qs}` : ''}`), { param, query });
        }
      }
    }
    expect(failures.length, summary(failures, seed)).toBe(0);
  }, 120_000);

  it('when text holds NUL or an unpaired surrogate then every admin route answers 400, never 5xx', async () => {
    const seed = Date.now();
    const failures: Failure[] = [];
    for (const route of routes.filter((r) => r.body)) {
      for (const body of fc.sample(arbitraryFor(route.body, textHazards), { numRuns: 15, seed })) {
        const res = await send(route.method, fill(route.path, '1'), body);
        const problem = failureOf(res);
        if (problem) failures.push({ route: `${route.method} ${route.path}`, status: res.statusCode, answer: problem, input: body });
      }
    }
    expect(failures.length, summary(failures, seed)).toBe(0);
  }, 120_000);

  it('when an id, date or date-time lies outside what the database stores then 400 or 404, never 5xx', async () => {
    const failures: Failure[] = [];
    const check = async (route: string, method: string, url: string, payload?: unknown) => {
      const res = await send(method, url, payload);
      if (res.statusCode >= 500) failures.push({ route, status: res.statusCode, answer: res.body.slice(0, 120), input: { url, payload } });
    };
    for (const route of routes.filter((r) => /\{[^}]*id\}/i.test(r.path) && (r.method === 'GET' || r.method === 'DELETE'))) {
      for (const id of outOfRange.ids) await check(`${route.method} ${route.path}`, route.method, fill(route.path, id));
    }
    for (const date of outOfRange.dates) await check('POST /admin/api/calendar', 'POST', '/admin/api/calendar', { date, kind: 'holiday' });
    for (const at of outOfRange.dateTimes) {
      await check('POST /admin/api/keyword-rules', 'POST', '/admin/api/keyword-rules', {
        name: '越界日期',
        keywords: [{ text: '越界', match: 'exact' }],
        replies: [{ type: 'text', content: 'x' }],
        replyMode: 'random',
        activeFrom: at,
      });
    }
    expect(failures.length, summary(failures, 0)).toBe(0);
  });
});
