import type { FeatureModule } from '../feature.js';
import { createAnswerRepository } from './answers.repository.js';
import { acceptForms } from './form-body.js';
import { ParticipationUrls } from './links.js';
import { participationPages } from './participation.h5.js';
import { pollAdminRoutes } from './polls.admin.js';
import { createPollRepository } from './polls.repository.js';
import { pollRules } from './polls.rules.js';
import { PollService } from './polls.service.js';
import { tipAdminRoutes } from './tips.admin.js';
import { tipRules } from './tips.flow.js';
import { tipPages } from './tips.h5.js';
import { createTipRepository } from './tips.repository.js';

/** Taking part in public: published answers (公开答复), polls and tip collections (线索征集). */
export const participationModule: FeatureModule = {
  name: 'participation',
  create(ctx) {
    const pollRepo = createPollRepository(ctx.db);
    const polls = new PollService(pollRepo, ctx.pii);
    const urls = new ParticipationUrls(ctx.config.publicBaseUrl, ctx.pii);
    const tips = createTipRepository(ctx.db);
    const rules = [...pollRules(polls, urls), ...tipRules(tips, ctx.pii, urls)];
    return {
      name: 'participation',
      rules: [{ name: 'participation', rules: () => rules }],
      adminRoutes: async (app) => {
        await pollAdminRoutes(app, { polls: pollRepo, audit: ctx.audit });
        await tipAdminRoutes(app, { tips, audit: ctx.audit });
      },
      publicRoutes: async (app) => {
        acceptForms(app);
        await participationPages(app, { answers: createAnswerRepository(ctx.db), polls, pii: ctx.pii });
        await tipPages(app, { tips, pii: ctx.pii });
      },
    };
  },
};
