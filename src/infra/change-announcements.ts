import type { FastifyInstance, onSendHookHandler, preHandlerHookHandler, RouteOptions } from 'fastify';
import { runInAnnouncementScope, type AnnouncementScope } from './change-bus.js';

/**
 * A change that Redis could not broadcast reaches other instances only at their next
 * poll of the change versions (a few seconds later), or not at all if PostgreSQL could
 * not count it either. The operator is told with the response header
 * `X-Change-Announced: false`; the body stays as it is.
 */
export const CHANGE_ANNOUNCED_HEADER = 'x-change-announced';

const scopes = new WeakMap<object, AnnouncementScope>();

const enter: preHandlerHookHandler = (request, _reply, done) => {
  const state: AnnouncementScope = { unannounced: false };
  scopes.set(request, state);
  runInAnnouncementScope(state, done);
};

const report: onSendHookHandler = (request, reply, payload, done) => {
  if (scopes.get(request)?.unannounced) reply.header(CHANGE_ANNOUNCED_HEADER, 'false');
  done(null, payload);
};

const asList = <T>(hooks: T | T[] | undefined): T[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);

/** Adds the scope to routes under `prefix` only: the webhook's hot path runs no extra hook. Call before routes are added. */
export function announceChangesUnder(app: FastifyInstance, prefix: string): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const readOnly = asList(route.method).every((method) => method === 'GET' || method === 'HEAD');
    if (readOnly || !route.url.startsWith(prefix)) return;
    route.preHandler = [...asList(route.preHandler), enter];
    route.onSend = [...asList(route.onSend), report];
  });
}
