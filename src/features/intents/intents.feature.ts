import { readConfig, readDemo } from '../../demo/demo-files.js';
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
    // The core set (emergencies, small talk, everyday commands) every account starts with, read once.
    let coreSet: Promise<IntentInput[]> | undefined;
    const defaults = () => (coreSet ??= readConfig<{ intents: IntentInput[] }>('defaults/intents.json').then((file) => file.intents));
    const service = new IntentService(createIntentRepository(ctx.db), await ctx.changeBus('intents'), defaults);
    return {
      name: 'intents',
      rules: [intentRuleProvider(service)],
      adminRoutes: (app) => intentRoutes(app, { intents: service, audit: ctx.audit, defaults }),
      async seedDemo(accountId) {
        // Demo-only intents point at the demo's booking services and numbered menus.
        await service.addMissing(accountId, [...(await defaults()), ...(await readDemo<{ intents: IntentInput[] }>('intents.json')).intents]);
      },
    };
  },
};
