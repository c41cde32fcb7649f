import { calendarModule } from '../calendar/calendar.module.js';
import type { FeatureModule } from './feature.js';
import { appointmentsModule } from './appointments/appointments.feature.js';
import { contentModule } from './content/content.feature.js';
import { intentsModule } from './intents/intents.feature.js';
import { keywordsModule } from './keywords/keywords.feature.js';
import { menusModule } from './menus/menus.feature.js';
import { reachModule } from './reach/reach.feature.js';
import { participationModule } from './participation/participation.feature.js';
import { ticketsModule } from './tickets/tickets.feature.js';

/** The feature list: adding a capability is a folder and one line here. */
export const FEATURES: FeatureModule[] = [
  calendarModule,
  keywordsModule,
  contentModule,
  menusModule,
  appointmentsModule,
  ticketsModule,
  intentsModule,
  participationModule,
  reachModule,
];
