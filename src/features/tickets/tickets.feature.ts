import type { FeatureModule } from '../feature.js';

/** Citizens' appeals (咨询, 求助, 投诉, 建议, 举报, 应急) as tickets. */
export const ticketsModule: FeatureModule = {
  name: 'tickets',
  create: () => ({ name: 'tickets' }),
};
