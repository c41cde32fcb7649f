import type { FastifyInstance } from 'fastify';
import type { AccountService } from '../accounts/accounts.service.js';
import type { KeywordService } from '../features/keywords/keywords.service.js';
import { accountRoutes } from './accounts.routes.js';
import type { AuditRepository } from './audit.repository.js';
import { bearerAuth } from './auth.js';
import { notFound } from './errors.js';
import { keywordRuleRoutes } from './keyword-rules.routes.js';

export interface AdminDeps {
  adminToken: string;
  publicBaseUrl: string;
  accounts: AccountService;
  audit: AuditRepository;
  keywords: KeywordService;
}

/** The operator API under /admin/api: bearer auth, then one plugin per resource. */
export async function adminPlugin(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  app.decorateRequest('operator');
  app.decorateRequest('accountId', '');
  app.addHook('onRequest', bearerAuth(deps.adminToken));
  app.addHook('preHandler', async (request) => {
    if (!(await deps.accounts.get(request.accountId))) throw notFound(`account "${request.accountId}"`);
  });
  await app.register(accountRoutes, { accounts: deps.accounts, audit: deps.audit, publicBaseUrl: deps.publicBaseUrl });
  await app.register(keywordRuleRoutes, { keywords: deps.keywords, audit: deps.audit });
}
