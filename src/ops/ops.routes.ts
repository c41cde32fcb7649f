import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../infra/metrics.js';

interface Deps {
  metrics: Metrics;
  /** Each check answers true when its dependency responds. */
  checks: Record<string, () => Promise<boolean>>;
  /** METRICS_TOKEN: when set, /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

const CHECK_TIMEOUT_MS = 1500;

const withTimeout = (check: () => Promise<boolean>) =>
  Promise.race([
    check().catch(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CHECK_TIMEOUT_MS).unref()),
  ]);

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so the comparison takes the same time whatever the length or content of the guess. */
function bearerMatches(expected: Buffer, request: FastifyRequest): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
  return timingSafeEqual(digest(match?.[1]?.trim() ?? ''), expected) && match !== null;
}

/** Liveness, readiness and Prometheus metrics for the city's ops team. */
export async function opsRoutes(app: FastifyInstance, { metrics, checks, metricsToken }: Deps): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => withTimeout(checks[name]!)));
    const status = Object.fromEntries(names.map((name, i) => [name, results[i] ? 'up' : 'down']));
    const ready = results.every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks: status });
  });

  // Metrics name accounts, rules and failure counts: not for anyone who can reach the port.
  const expected = metricsToken ? digest(metricsToken) : undefined;
  app.get('/metrics', async (request, reply) => {
    if (expected && !bearerMatches(expected, request)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: { code: 'UNAUTHORIZED', message: '需要 METRICS_TOKEN' } });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
