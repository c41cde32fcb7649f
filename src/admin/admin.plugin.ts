import type { FastifyInstance } from 'fastify';
import type { AccountService } from '../accounts/accounts.service.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Db } from '../infra/db.js';
import { notFound } from '../lib/errors.js';
import { accountRoutes } from './accounts.routes.js';
import { bearerAuth, type Operator } from './auth.js';
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
}

/**
 * The operator API under /admin/api: bearer auth (super-admin or a named operator),
 * the role policy by resource, text PostgreSQL cannot store refused, the account in scope,
 * then one plugin per resource.
 */
export async function adminPlugin(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  const operators = createOperatorRepository(deps.db);
  app.decorateRequest('operator', null as unknown as Operator);
  app.decorateRequest('accountId', '');
  app.addHook('onRequest', bearerAuth(deps.adminToken, operators));
  app.addHook('onRequest', rolePolicy(app.prefix));
  app.addHook('preValidation', rejectTextHazards);
  app.addHook('preHandler', async (request) => {
    if (!(await deps.accounts.get(request.accountId))) throw notFound(`account "${request.accountId}"`);
  });
  await app.register(accountRoutes, { accounts: deps.accounts, audit: deps.audit, publicBaseUrl: deps.publicBaseUrl });
  await app.register(operatorRoutes, { operators, audit: deps.audit });
  for (const routes of deps.featureRoutes) await app.register(routes);
}
