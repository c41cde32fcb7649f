import type { FeatureModule } from '../feature.js';

/** 政务大厅 and hospital appointments. */
export const appointmentsModule: FeatureModule = {
  name: 'appointments',
  create: () => ({ name: 'appointments' }),
};
