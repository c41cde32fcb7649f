import type { FeatureModule } from '../feature.js';

/** News, service guides, places, search and H5 pages (issue: citizen information services). */
export const contentModule: FeatureModule = {
  name: 'content',
  create: () => ({ name: 'content' }),
};
