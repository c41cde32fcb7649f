import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import type { Logger } from 'pino';
import { AccountService } from './accounts/accounts.service.js';
import { createAccountRepository } from './accounts/accounts.repository.js';
import { adminPlugin } from './admin/admin.plugin.js';
import { openApiDefaults } from './admin/openapi-defaults.js';
import { bearerAuth } from './admin/auth.js';
import { installErrorHandler } from './admin/errors.js';
import { installJsonBodyParser } from './admin/json-body.js';
import { createOperatorRepository } from './admin/operators.repository.js';
import { createAuditRepository } from './audit/audit.repository.js';
import { createCalendarRepository } from './calendar/calendar.repository.js';
import { CalendarService } from './calendar/calendar.service.js';
import type { AppConfig } from './config/config.js';
import { consoleStatic } from './console-server/console.static.js';
import { seedDemoContent } from './demo/seed.js';
import type { Feature, FeatureContext } from './features/feature.js';
import { FEATURES } from './features/registry.js';
import { announceChangesUnder } from './infra/change-announcements.js';
import { createChangeBus } from './infra/change-bus.js';
import { createChangeLedger } from './infra/change-ledger.js';
import { createChangeVersionRepository } from './infra/change-versions.repository.js';
import { pingDb, type Db } from './infra/db.js';
import type { KeyValueStore } from './infra/kv/port.js';
import { lazyChild } from './infra/logger.js';
import type { Metrics } from './infra/metrics.js';
import { maskOpenId } from './lib/mask.js';
import { PiiCipher } from './lib/pii.js';
import { opsRoutes } from './ops/ops.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { createDashboardRepository } from './dashboard/dashboard.repository.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { createInbox } from './inbox/inbox.module.js';
import { createDispatcher } from './router/dispatch.js';
import { createSimulator } from './simulate/simulate.module.js';
import { withoutSimulatedCitizens } from './simulate/simulated-wechat.js';
import { Router } from './router/router.js';
import { createServiceWindow } from './session/service-window.js';
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
 * The architecture in one screen: external plugins, then core services and
 * features, then routes. Everything is passed in explicitly.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, kv, log, metrics, wechatApis } = deps;
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Fastify's two lines per request are off: the dispatcher logs each handled message (at debug) and metrics count them.
    logController: new LogController({ disableRequestLogging: true }),
    // Request loggers are built only when a request actually logs (see lazyChild).
    childLoggerFactory: (logger, bindings, options) => lazyChild(logger as Logger, bindings, options) as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    // request.ip is the client's, not the proxy's, when TRUST_PROXY is set (failed sign-ins are counted per address).
    trustProxy: config.trustProxy,
    // Validation reports every error at once, each with its field path (admin/errors.ts).
    ajv: { customOptions: { allErrors: true } },
    bodyLimit: 1024 * 1024,
    return503OnClosing: false,
    // Errors raised before routing (bad URL, over-long parameter) get the same body shape as every other error.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply).code(error.statusCode ?? 400).send({ error: { code: error.code ?? 'BAD_REQUEST', message: error.message } });
    },
  });

  // External plugins.
  await app.register(swagger, {
    openapi: {
      info: { title: 'Weizheng admin API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  openApiDefaults(app, '/admin/api');
  installErrorHandler(app);
  installJsonBodyParser(app);
  // Browsers must not guess another type than the one sent: attachments are files citizens uploaded.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    done(null, payload);
  });

  // Core services.
  const changes = await createChangeLedger(createChangeVersionRepository(db), log);
  const buses = [await createChangeBus(kv, 'accounts', log, changes), await createChangeBus(kv, 'calendar', log, changes)];
  announceChangesUnder(app, '/admin/api');
  const pii = new PiiCipher(config.dataEncryptionKey);
  const accounts = new AccountService(createAccountRepository(db, pii), buses[0]!, [envAccount(config)]);
  const calendar = new CalendarService(createCalendarRepository(db), buses[1]!);
  const audit = createAuditRepository(db);
  const sessions = createSessionStore(kv);
  const serviceWindow = createServiceWindow(kv);
  const wechatFor = (account: Account) =>
    withoutSimulatedCitizens(wechatApis.forAccount({ accountId: account.id, appId: account.appId, appSecret: account.appSecret }));
  await ensureDefaultAccount(accounts, config);

  // Features: each brings rules, fallbacks, admin routes, pages and demo content.
  const ctx: FeatureContext = {
    config,
    db,
    kv,
    sessions,
    serviceWindow,
    log,
    audit,
    pii,
    calendar,
    wechatFor,
    account: (id) => accounts.get(id),
    changeBus: async (name) => {
      const bus = await createChangeBus(kv, name, log, changes);
      buses.push(bus);
      return bus;
    },
  };
  const features: Feature[] = [];
  for (const module of FEATURES) features.push(await module.create(ctx));
  const router = new Router(features.flatMap((f) => f.rules ?? []));
  // The message log (inbox) and the simulator learn of every handled message from the dispatcher.
  const inbox = createInbox({ db, pii, log, audit, serviceWindow, wechatFor, account: (id) => accounts.get(id), retentionDays: config.messageRetentionDays });
  const simulator = createSimulator(db);
  const dispatcher = createDispatcher({
    router,
    fallbacks: features.flatMap((f) => f.fallbacks ?? []),
    sessions,
    serviceWindow,
    log,
    metrics,
    onHandled: (account, message, replies, rule) => {
      inbox.writer.record(account, message, replies, rule);
      simulator.observe(message, rule);
      for (const feature of features) feature.observe?.(account, message);
    },
  });
  if (config.seedDemo) await seedDemoContent(db, features, DEFAULT_ACCOUNT_ID, log);

  const sendLater = async (account: Account, openId: string, replies: Reply[]) => {
    const api = wechatFor(account);
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
  await app.register(opsRoutes, { metrics, metricsToken: config.metricsToken, checks: { postgres: () => pingDb(db), sessionStore: () => kv.ping() } });
  await app.register(webhookPlugin, {
    accounts,
    guard,
    prepare: dispatcher.prepare,
    sendLater,
    metrics,
    replyBudgetMs: config.replyBudgetMs,
    maxSkewSeconds: config.wechat.maxSkewSeconds,
  });
  await app.register(adminPlugin, {
    prefix: '/admin/api',
    adminToken: config.adminToken,
    db,
    publicBaseUrl: config.publicBaseUrl,
    accounts,
    audit,
    featureRoutes: [
      ...features.flatMap((f) => (f.adminRoutes ? [f.adminRoutes] : [])),
      inbox.routes,
      (routes) => auditRoutes(routes, { audit }),
      (routes) => dashboardRoutes(routes, { repo: createDashboardRepository(db) }),
      simulator.routes({
        kv,
        pii,
        audit,
        messages: inbox.repo,
        account: (id) => accounts.get(id),
        prepare: dispatcher.prepare,
        forget: (accountId, openId) => sessions.delete(accountId, openId),
        flushLog: () => inbox.writer.flush(),
      }),
    ],
    adminUsername: config.adminUsername,
    adminPassword: config.adminPassword,
    sessionIdleMinutes: config.sessionIdleMinutes,
    secureCookies: config.publicBaseUrl.startsWith('https:'),
    kv,
    metrics,
    log,
  });
  for (const feature of features) if (feature.publicRoutes) await app.register(feature.publicRoutes);
  // The API description maps every admin route: in production only operators read it.
  const docsAuth = config.env === 'production' ? bearerAuth(config.adminToken, createOperatorRepository(db)) : undefined;
  app.get('/admin/docs/json', { schema: { hide: true }, ...(docsAuth ? { onRequest: docsAuth } : {}) }, async () => app.swagger());
  await app.register(consoleStatic);

  app.addHook('onReady', async () => {
    for (const feature of features) await feature.start?.();
    inbox.start();
  });
  app.addHook('onClose', async () => {
    await guard.drain();
    log.info('pending customer-service sends delivered');
    await inbox.stop();
    for (const feature of features) {
      await feature.stop?.();
      log.debug({ feature: feature.name }, 'feature stopped');
    }
    await Promise.all(buses.map((bus) => bus.close()));
    await changes.close();
  });
  return app;
}

/** The environment defines the default account, served at /wechat. */
function envAccount(config: AppConfig): Account {
  return {
    id: DEFAULT_ACCOUNT_ID,
    name: '默认公众号',
    appId: config.wechat.appId,
    appSecret: config.wechat.appSecret,
    token: config.wechat.token,
    encodingAesKey: config.wechat.encodingAesKey,
    messageMode: config.wechat.messageMode,
  };
}

async function ensureDefaultAccount(accounts: AccountService, config: AppConfig): Promise<void> {
  await accounts.upsert(envAccount(config));
  await accounts.sealStoredSecrets();
}
