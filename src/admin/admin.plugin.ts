import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { AccountService } from '../accounts/accounts.service.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Db } from '../infra/db.js';
import { notFound } from '../lib/errors.js';
import { accountRoutes } from './accounts.routes.js';
import type { Logger } from 'pino';
import { enterActorScope } from '../audit/actor-context.js';
import type { KeyValueStore } from '../infra/kv/port.js';
import type { Metrics } from '../infra/metrics.js';
import type { Operator } from './auth.js';
import { createAuthThrottle } from './auth-throttle.js';
import { authenticate } from './authenticate.js';
import { sessionRoutes } from './session.routes.js';
import { patchTwins } from './patch-routes.js';
import { refuseUnknownQueryParameters } from './strict-query.js';
import { createConsoleSessions } from './session.store.js';
import { rejectTextHazards } from './hazards.js';
import { createOperatorRepository } from './operators.repository.js';
import { operatorRoutes } from './operators.routes.js';
import { rolePolicy } from './policy.js';

export interface AdminDeps {
  adminToken: string;
  publicBaseUrl: string;
  accounts: AccountService;
  audit: AuditRepository;
  /** Holds the named operators and their hashed tokens. */
  db: Db;
  /** Each feature's operator routes. */
  featureRoutes: Array<(app: FastifyInstance) => Promise<void>>;
  /** The bootstrap super-admin's console sign-in. */
  adminUsername: string;
  adminPassword: string;
  sessionIdleMinutes: number;
  /** Session cookies get `Secure` (PUBLIC_BASE_URL is https). */
  secureCookies: boolean;
  /** Console sessions and failed-authentication counters. */
  kv: KeyValueStore;
  metrics: Metrics;
  log: Logger;
}

/** Failed authentication: 5 in 15 minutes locks a username or an address (sign-in); 20 an address (bearer tokens). */
const FAILURE_WINDOW_MS = 15 * 60_000;
const LOGIN_FAILURE_LIMIT = 5;
const BEARER_FAILURE_LIMIT = 20;

/**
 * The operator API under /admin/api: bearer auth (super-admin or a named operator),
 * the role policy by resource, text PostgreSQL cannot store refused, the account in scope,
 * then one plugin per resource.
 */
export async function adminPlugin(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  // Only the console's sign-in uses cookies: registered here, the webhook runs no cookie hooks.
  await app.register(cookie);
  const operators = createOperatorRepository(deps.db);
  app.decorateRequest('operator', null as unknown as Operator);
  app.decorateRequest('accountId', '');
  refuseUnknownQueryParameters(app);
  const registerPatchTwins = patchTwins(app);
  const sessions = createConsoleSessions(deps.kv, deps.sessionIdleMinutes);
  const loginThrottle = createAuthThrottle(deps.kv, { limit: LOGIN_FAILURE_LIMIT, windowMs: FAILURE_WINDOW_MS, log: deps.log });
  const bearerThrottle = createAuthThrottle(deps.kv, { limit: BEARER_FAILURE_LIMIT, windowMs: FAILURE_WINDOW_MS, log: deps.log });
  // Callback style, so the rest of the request runs inside the scope (audit entries get the actor's id).
  app.addHook('onRequest', (_request, _reply, done) => enterActorScope(done));
  app.addHook('onRequest', authenticate({ adminToken: deps.adminToken, adminUsername: deps.adminUsername, operators, sessions, bearerThrottle, metrics: deps.metrics, audit: deps.audit, log: deps.log }));
  const policy = rolePolicy(app.prefix);
  // The sign-in routes are open to every signed-in operator (and login to anyone).
  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.config?.auth && !reply.sent) await policy(request, reply);
  });
  app.addHook('preValidation', rejectTextHazards);
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config?.auth === 'public') return;
    if (!(await deps.accounts.get(request.accountId))) throw notFound(`account "${request.accountId}"`);
  });
  await app.register(sessionRoutes, {
    adminUsername: deps.adminUsername,
    adminPassword: deps.adminPassword,
    secureCookies: deps.secureCookies,
    operators,
    sessions,
    loginThrottle,
    audit: deps.audit,
    metrics: deps.metrics,
    log: deps.log,
  });
  await app.register(accountRoutes, { accounts: deps.accounts, audit: deps.audit, publicBaseUrl: deps.publicBaseUrl });
  await app.register(operatorRoutes, { operators, audit: deps.audit, adminUsername: deps.adminUsername });
  for (const routes of deps.featureRoutes) await app.register(routes);
  await registerPatchTwins();
}
