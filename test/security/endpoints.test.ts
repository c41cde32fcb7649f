import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/app.js';

/** Issue 15, finding 14: the API description and the metrics were readable by anyone. */
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

const PRODUCTION = {
  NODE_ENV: 'production',
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'production-password-0123',
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  METRICS_TOKEN,
};

describe('unauthenticated endpoints in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: PRODUCTION });
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('when /admin/docs/json is read without a token or with a wrong one then 401; with the admin token the document', async () => {
    expect((await get('/admin/docs/json')).statusCode).toBe(401);
    expect((await get('/admin/docs/json', { authorization: 'Bearer wrong-token' })).statusCode).toBe(401);
    expect((await get('/admin/docs/json', { authorization: `Bearer ${METRICS_TOKEN}` })).statusCode).toBe(401);
    const ok = await get('/admin/docs/json', adminHeaders);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toHaveProperty('openapi');
  });

  it('when an operator reads /admin/docs/json with its own token then the document', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/admin/api/operators',
      headers: adminHeaders,
      payload: { name: 'docsreader', roles: ['editor'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = (created.json() as { token?: string }).token;
    expect(token).toMatch(/^wzo_/);
    expect((await get('/admin/docs/json', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
  });

  it('when METRICS_TOKEN is set then /metrics needs exactly that bearer token', async () => {
    expect((await get('/metrics')).statusCode).toBe(401);
    expect((await get('/metrics', { authorization: 'Bearer wrong' })).statusCode).toBe(401);
    expect((await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}x` })).statusCode).toBe(401);
    expect((await get('/metrics', { authorization: `Bearer ${TEST_ADMIN_TOKEN}` })).statusCode).toBe(401);
    expect((await get('/metrics', { authorization: METRICS_TOKEN })).statusCode).toBe(401);
    const ok = await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('weizheng_');
  });

  it('when liveness and readiness are probed then they stay open', async () => {
    expect((await get('/healthz')).statusCode).toBe(200);
  });
});

describe('outside production and without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('when /admin/docs/json and /metrics are read without a token then they answer, for local tooling and scrapers', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/admin/docs/json' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });
});
