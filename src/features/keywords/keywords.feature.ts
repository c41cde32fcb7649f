import { readDemo } from '../../demo/demo-files.js';
import type { FeatureModule } from '../feature.js';
import { keywordRuleRoutes } from './keywords.admin.js';
import { createKeywordRepository } from './keywords.repository.js';
import { defaultReplyHandler, keywordRuleProvider } from './keywords.rules.js';
import { KeywordService } from './keywords.service.js';
import type { KeywordRuleInput, ReplySpec } from './keywords.types.js';

interface KeywordDemo {
  autoReplies: { subscribe: ReplySpec[]; default: ReplySpec[] };
  keywordRules: KeywordRuleInput[];
}

/** Operator keyword replies, 被关注回复 and 收到消息回复. */
export const keywordsModule: FeatureModule = {
  name: 'keywords',
  async create(ctx) {
    const repo = createKeywordRepository(ctx.db);
    const service = new KeywordService(repo, await ctx.changeBus('keywords'), ctx.log);
    return {
      name: 'keywords',
      rules: [keywordRuleProvider(service)],
      // The last resort: below every other feature's fallback.
      fallbacks: [{ name: 'default-reply', priority: -100, handle: defaultReplyHandler(service, ctx.kv) }],
      adminRoutes: (app) => keywordRuleRoutes(app, { keywords: service, audit: ctx.audit }),
      async seedDemo(accountId) {
        const demo = await readDemo<KeywordDemo>('keywords.json');
        await service.setAutoReply(accountId, 'subscribe', demo.autoReplies.subscribe);
        await service.setAutoReply(accountId, 'default', demo.autoReplies.default);
        for (const rule of demo.keywordRules) await service.create(accountId, rule);
      },
      stop: () => service.stop(),
    };
  },
};
