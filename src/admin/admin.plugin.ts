import type { FastifyInstance } from 'fastify';
import type { AccountService } from '../accounts/accounts.service.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { notFound } from '../lib/errors.js';
import { accountRoutes } from './accounts.routes.js';
import { bearerAuth, type Operator } from './auth.js';

export interface AdminDeps {
  adminToken: string;
  publicBaseUrl: string;
  accounts: AccountService;
  audit: AuditRepository;
  /** Each feature's operator routes. */
  featureRoutes: Array<(app: FastifyInstance) => Promise<void>>;
}

/** The operator API under /admin/api: bearer auth, the account in scope, then one plugin per resource. */
export async function adminPlugin(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  app.decorateRequest('operator', null as unknown as Operator);
  app.decorateRequest('accountId', '');
  app.addHook('onRequest', bearerAuth(deps.adminToken));
  app.addHook('preHandler', async (request) => {
    if (!(await deps.accounts.get(request.accountId))) throw notFound(`account "${request.accountId}"`);
  });
  await app.register(accountRoutes, { accounts: deps.accounts, audit: deps.audit, publicBaseUrl: deps.publicBaseUrl });
  for (const routes of deps.featureRoutes) await app.register(routes);
}
