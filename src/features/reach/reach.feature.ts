import type { FastifyInstance } from 'fastify';
import type { FeatureModule } from '../feature.js';
import { notFound } from '../../lib/errors.js';
import { BroadcastQueue } from './broadcast-queue.js';
import { broadcastRoutes } from './broadcasts.admin.js';
import { createBroadcastRepository } from './broadcasts.repository.js';
import { BroadcastService } from './broadcasts.service.js';
import { emergencyRoutes } from './emergency.admin.js';
import { followerRoutes } from './followers.admin.js';
import { createFollowerRepository } from './followers.repository.js';
import { FollowerService } from './followers.service.js';
import { mediaRoutes } from './media.admin.js';
import { createMediaRepository } from './media.repository.js';
import { noticeRoutes } from './notices.admin.js';
import { qrcodeRoutes } from './qrcodes.admin.js';
import { createQrcodeRepository } from './qrcodes.repository.js';
import { observeSubscribe, reachRuleProvider } from './reach.rules.js';
import { seedReachDemo } from './reach.demo.js';
import { createReachSettingsRepository } from './settings.repository.js';
import { createTagRepository } from './tags.repository.js';
import { createUndeliveredRepository } from './undelivered.repository.js';

/** Reaching citizens: followers and tags, 群发 with approval and schedule, emergency warnings, QR codes, material. */
export const reachModule: FeatureModule = {
  name: 'reach',
  create(ctx) {
    const followersRepo = createFollowerRepository(ctx.db);
    const tags = createTagRepository(ctx.db);
    const repo = createBroadcastRepository(ctx.db);
    const settings = createReachSettingsRepository(ctx.db);
    const qrcodes = createQrcodeRepository(ctx.db);
    const media = createMediaRepository(ctx.db);
    const account = (id: string) => ctx.account(id);
    const api = async (accountId: string) => {
      const found = await ctx.account(accountId);
      if (!found) throw notFound('account');
      return ctx.wechatFor(found);
    };
    const followers = new FollowerService({ followers: followersRepo, qrcodes, tags, pii: ctx.pii, account, wechatFor: ctx.wechatFor, log: ctx.log });
    const queue = new BroadcastQueue({
      db: ctx.db,
      log: ctx.log,
      pollingIntervalSeconds: 1,
      handle: ({ accountId, broadcastId }) => broadcasts.sendScheduled(accountId, broadcastId),
    });
    const broadcasts: BroadcastService = new BroadcastService({ repo, tags, settings, queue, account, wechatFor: ctx.wechatFor, publicBaseUrl: ctx.config.publicBaseUrl, log: ctx.log });
    const audit = ctx.audit;
    return {
      name: 'reach',
      rules: [reachRuleProvider(followers, broadcasts)],
      observe: observeSubscribe(followers, (err) => ctx.log.warn({ err: err.message }, 'subscribe not recorded')),
      async adminRoutes(app: FastifyInstance) {
        await followerRoutes(app, { followers: followersRepo, service: followers, tags, audit, api });
        await broadcastRoutes(app, { service: broadcasts, repo, settings, audit });
        await emergencyRoutes(app, { service: broadcasts, repo, settings, audit });
        await qrcodeRoutes(app, { qrcodes, audit, api });
        await noticeRoutes(app, { settings, undelivered: createUndeliveredRepository(ctx.db), audit });
        await app.register(async (scope) => mediaRoutes(scope, { media, audit, api }));
      },
      seedDemo: (accountId) => seedReachDemo(accountId, settings),
      async start() {
        await queue.start();
        await followers.resume();
      },
      async stop() {
        await queue.stop();
        await followers.settle();
      },
    };
  },
};
