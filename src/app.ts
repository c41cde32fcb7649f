import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { Logger } from 'pino';
import { AccountService } from './accounts/accounts.service.js';
import { createAccountRepository } from './accounts/accounts.repository.js';
import { adminPlugin } from './admin/admin.plugin.js';
import { createAuditRepository } from './admin/audit.repository.js';
import { installErrorHandler } from './admin/errors.js';
import type { AppConfig } from './config/config.js';
import { createKeywordRepository } from './features/keywords/keywords.repository.js';
import { defaultReplyHandler, keywordRuleProvider } from './features/keywords/keywords.rules.js';
import { KeywordService } from './features/keywords/keywords.service.js';
import { createChangeBus } from './infra/change-bus.js';
import { pingDb, type Db } from './infra/db.js';
import type { KeyValueStore } from './infra/kv/port.js';
import type { Metrics } from './infra/metrics.js';
import { maskOpenId } from './lib/mask.js';
import { opsRoutes } from './ops/ops.routes.js';
import { createDispatcher } from './router/dispatch.js';
import { Router } from './router/router.js';
import type { Rule } from './router/types.js';
import { createSessionStore } from './session/session-store.js';
import { DEFAULT_ACCOUNT_ID, type Account } from './wechat/account.js';
import { DeliveryGuard } from './wechat/delivery.js';
import type { WechatApiFactory } from './wechat/outbound.js';
import type { Reply } from './wechat/types.js';
import { webhookPlugin } from './wechat/webhook.js';

export interface AppDeps {
  config: AppConfig;
  db: Db;
  kv: KeyValueStore;
  log: Logger;
  metrics: Metrics;
  wechatApis: WechatApiFactory;
}

/**
 * The architecture in one screen: external plugins, then services, then routes.
 * Everything is passed in explicitly; nothing is hung on the Fastify instance.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, kv, log, metrics, wechatApis } = deps;
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // One structured line per handled message (router/dispatch) replaces Fastify's two per request.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    bodyLimit: 1024 * 1024,
    return503OnClosing: false,
  });

  // External plugins.
  await app.register(swagger, {
    openapi: {
      info: { title: 'Weizheng admin API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  installErrorHandler(app);

  // Services.
  const accountsBus = await createChangeBus(kv, 'accounts', log);
  const keywordsBus = await createChangeBus(kv, 'keywords', log);
  const accounts = new AccountService(createAccountRepository(db), accountsBus);
  const audit = createAuditRepository(db);
  const keywords = new KeywordService(createKeywordRepository(db), keywordsBus, log);
  const sessions = createSessionStore(kv);

  // Features: each adds rule providers; the explicit fallback answers when no rule matches.
  const defaultReply = defaultReplyHandler(keywords, kv);
  const fallback: Rule = { name: 'fallback:default-reply', priority: Number.NEGATIVE_INFINITY, match: {}, handle: defaultReply };
  const router = new Router([keywordRuleProvider(keywords)], fallback);
  const dispatch = createDispatcher({ router, sessions, log, metrics });

  await ensureDefaultAccount(accounts, config);

  const sendLater = async (account: Account, openId: string, replies: Reply[]) => {
    const api = wechatApis.forAccount({ accountId: account.id, appId: account.appId, appSecret: account.appSecret });
    for (const reply of replies) {
      try {
        await api.sendCustom(openId, reply);
      } catch (err) {
        log.warn({ err: (err as Error).message, account: account.id, openId: maskOpenId(openId) }, 'customer-service message not delivered');
        if ((err as { permanent?: boolean }).permanent) return;
      }
    }
  };
  const guard = new DeliveryGuard({
    kv,
    log,
    onDuplicate: () => metrics.dedupHits.inc({ account: 'all' }),
    onLate: () => metrics.deadlineFallbacks.inc({ account: 'all' }),
  });

  // Routes.
  await app.register(opsRoutes, { metrics, checks: { postgres: () => pingDb(db), sessionStore: () => kv.ping() } });
  await app.register(webhookPlugin, {
    accounts,
    guard,
    handle: async (account, message, requestLog) => (await dispatch(account, message, requestLog)).replies,
    sendLater,
    metrics,
    replyBudgetMs: config.replyBudgetMs,
  });
  await app.register(adminPlugin, { prefix: '/admin/api', adminToken: config.adminToken, publicBaseUrl: config.publicBaseUrl, accounts, audit, keywords });
  app.get('/admin/docs/json', { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onClose', async () => {
    await guard.drain();
    await keywords.stop();
    await Promise.all([accountsBus.close(), keywordsBus.close()]);
  });
  return app;
}

/** The environment defines the default account, served at /wechat. */
async function ensureDefaultAccount(accounts: AccountService, config: AppConfig): Promise<void> {
  await accounts.upsert({
    id: DEFAULT_ACCOUNT_ID,
    name: '默认公众号',
    appId: config.wechat.appId,
    appSecret: config.wechat.appSecret,
    token: config.wechat.token,
    encodingAesKey: config.wechat.encodingAesKey,
  });
}
