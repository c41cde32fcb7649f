import type { FeatureModule } from '../feature.js';
import { ContentAnswers } from './content.answers.js';
import { contentActionRules } from './content.actions.js';
import { seedContentDemo } from './content.demo.js';
import { ContentService } from './content.service.js';
import { H5Urls } from './content.urls.js';
import { guideRoutes } from './guides.admin.js';
import { createGuideRepository } from './guides.repository.js';
import { h5Routes } from './h5.routes.js';
import { newsRoutes } from './news.admin.js';
import { createNewsRepository } from './news.repository.js';
import { placeRoutes } from './places.admin.js';
import { PlacesFlow } from './places.flow.js';
import { createPlaceRepository } from './places.repository.js';
import { searchRoutes } from './search.admin.js';
import { SearchFlow } from './search.flow.js';
import { createSearchRepository } from './search.repository.js';
import { SearchService } from './search.service.js';

/** News, service guides, places, search and H5 pages (issue: citizen information services). */
export const contentModule: FeatureModule = {
  name: 'content',
  async create(ctx) {
    const news = createNewsRepository(ctx.db);
    const guides = createGuideRepository(ctx.db);
    const places = createPlaceRepository(ctx.db);
    const changes = await ctx.changeBus('content');
    const content = new ContentService(news, guides, places, changes);
    const search = new SearchService(createSearchRepository(ctx.db), changes, ctx.log);
    const urls = new H5Urls(ctx.config.publicBaseUrl);
    const answers = new ContentAnswers(news, guides, places, urls, (accountId, hit) => search.openAnswer(accountId, hit, ctx.config.publicBaseUrl));
    const searchFlow = new SearchFlow(search, answers, ctx.kv, urls);
    const placesFlow = new PlacesFlow(places, ctx.kv);
    const rules = [...contentActionRules(answers), ...searchFlow.rules(), ...placesFlow.rules()];
    return {
      name: 'content',
      rules: [{ name: 'content', rules: () => rules }],
      // Below every feature's own fallback, above the operator's default reply (-100).
      fallbacks: searchFlow.fallbacks(),
      async adminRoutes(app) {
        await newsRoutes(app, { content, audit: ctx.audit, urls });
        await guideRoutes(app, { content, audit: ctx.audit, urls });
        await placeRoutes(app, { content, audit: ctx.audit });
        await searchRoutes(app, { search, audit: ctx.audit });
      },
      publicRoutes: (app) => h5Routes(app, { news, guides, search }),
      seedDemo: (accountId) => seedContentDemo(accountId, content, search),
    };
  },
};
