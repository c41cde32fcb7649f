import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The console's page routes: each loads index.html, and the Vue router draws the page (or sends to login). */
export const CONSOLE_PAGES = [
  '/console/',
  '/console/login',
  '/console/password',
  '/console/inbox',
  '/console/keywords',
  '/console/simulator',
  '/console/unmatched',
  '/console/tickets',
  '/console/appointments',
  '/console/menu',
  '/console/numbered-menus',
  '/console/content/news',
  '/console/content/guides',
  '/console/content/places',
  '/console/calendar',
  '/console/operators',
  '/console/audit',
  '/console/stats',
  '/console/participation',
  '/console/followers',
  '/console/broadcasts',
  '/console/qrcodes',
];

/** dist/console, found from this file both as source (tsx) and as compiled output (dist/src/…). */
export function consoleRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'console');
}

/**
 * Serves the built operator console under /console (vite build → dist/console).
 * Hashed assets are cached for a year; index.html never, so a new build shows at once.
 */
export async function consoleStatic(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? consoleRoot();
  app.get('/console', { schema: { hide: true } }, (_request, reply) => reply.redirect('/console/'));
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'console not built: run npm run build');
    for (const page of CONSOLE_PAGES) {
      app.get(page, { schema: { hide: true } }, (_request, reply) =>
        reply.code(503).type('text/plain; charset=utf-8').send('控制台尚未构建，请先运行 npm run build'),
      );
    }
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/console/',
    index: false,
    schemaHide: true,
    cacheControl: false,
    setHeaders(reply, path) {
      void reply.header('cache-control', path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  for (const page of CONSOLE_PAGES) {
    app.get(page, { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html', root));
  }
}
