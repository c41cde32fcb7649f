import { readDemo } from '../../demo/demo-files.js';
import type { ReachSettingsRepository } from './settings.repository.js';
import type { WarningTemplate } from './warning.js';

interface ReachDemo {
  warningTemplate: WarningTemplate;
}

/** The demo account's warning layout (title, level, area, advice, hotline). */
export async function seedReachDemo(accountId: string, settings: ReachSettingsRepository): Promise<void> {
  const demo = await readDemo<ReachDemo>('reach.json');
  await settings.putWarningTemplate(accountId, demo.warningTemplate);
}
