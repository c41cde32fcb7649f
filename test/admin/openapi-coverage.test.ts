import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { openApiDefaults } from '../../src/admin/openapi-defaults.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

interface Operation {
  summary?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Every admin operation is described for the people and tools that call it. */
describe('OpenAPI description of the admin API', () => {
  let t: TestApp;
  let operations: Array<{ id: string; op: Operation }>;
  beforeAll(async () => {
    t = await createTestApp();
    const doc = (await t.app.inject({ method: 'GET', url: '/admin/docs/json' })).json() as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/admin/api/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })));
  });
  afterAll(async () => t.close());

  it('when the document is read then every admin operation has a summary of its own, not the method and path', () => {
    expect(operations.length).toBeGreaterThan(150);
    const generic = operations.filter(({ id, op }) => !op.summary || op.summary.replace(/:(\w+)/g, '{$1}') === id.replace(/:(\w+)/g, '{$1}'));
    expect(generic.map((o) => o.id)).toEqual([]);
  });

  it('when the document is read then every admin operation describes its success answer with a schema', () => {
    const undescribed = operations.filter(({ op }) =>
      !Object.entries(op.responses ?? {}).some(([code, r]) => /^2/.test(code) && (code === '204' || Object.values(r.content ?? {}).some((c) => c.schema !== undefined))),
    );
    expect(undescribed.map((o) => o.id)).toEqual([]);
  });

  it('when a response schema lists fewer fields than a route answers then nothing is dropped', async () => {
    const app = Fastify();
    openApiDefaults(app, '/admin/api');
    app.get('/admin/api/probe', { schema: { response: { 200: { type: 'object', properties: { a: { type: 'integer' } } } } } }, async () => ({ a: 1, b: 'kept', c: null }));
    const res = await app.inject({ method: 'GET', url: '/admin/api/probe' });
    expect(res.json()).toEqual({ a: 1, b: 'kept', c: null });
    await app.close();
  });
});
