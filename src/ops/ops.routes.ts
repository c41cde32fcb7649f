import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../infra/metrics.js';

interface Deps {
  metrics: Metrics;
  /** Each check answers true when its dependency responds. */
  checks: Record<string, () => Promise<boolean>>;
}

const CHECK_TIMEOUT_MS = 1500;

const withTimeout = (check: () => Promise<boolean>) =>
  Promise.race([
    check().catch(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CHECK_TIMEOUT_MS).unref()),
  ]);

/** Liveness, readiness and Prometheus metrics for the city's ops team. */
export async function opsRoutes(app: FastifyInstance, { metrics, checks }: Deps): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => withTimeout(checks[name]!)));
    const status = Object.fromEntries(names.map((name, i) => [name, results[i] ? 'up' : 'down']));
    const ready = results.every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks: status });
  });

  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}
