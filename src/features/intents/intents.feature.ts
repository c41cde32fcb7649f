import { readDemo } from '../../demo/demo-files.js';
import type { FeatureModule } from '../feature.js';
import { intentRoutes } from './intents.admin.js';
import { createIntentRepository } from './intents.repository.js';
import { intentRuleProvider } from './intents.rules.js';
import { IntentService } from './intents.service.js';
import type { IntentInput } from './intents.types.js';

/** Everyday wording → actions: small talk, commands said naturally, emergencies; and leaving any flow. */
export const intentsModule: FeatureModule = {
  name: 'intents',
  async create(ctx) {
    const service = new IntentService(createIntentRepository(ctx.db), await ctx.changeBus('intents'));
    // The shipped set (small talk, commands, emergencies): demo content, and loadable into any account.
    const defaults = async () => (await readDemo<{ intents: IntentInput[] }>('intents.json')).intents;
    return {
      name: 'intents',
      rules: [intentRuleProvider(service)],
      adminRoutes: (app) => intentRoutes(app, { intents: service, audit: ctx.audit, defaults }),
      async seedDemo(accountId) {
        await service.addMissing(accountId, await defaults());
      },
    };
  },
};
