import { readDemo } from '../../demo/demo-files.js';
import type { SettingsRepository, TicketSettings } from './ticket-settings.repository.js';
import type { ActionInput, TicketActions } from './tickets.actions.js';
import type { Draft, TicketService } from './tickets.service.js';
import type { Category, TicketLocation } from './tickets.types.js';

interface SampleTicket {
  key: string;
  category: Category;
  content: string;
  contact?: { name?: string; phone?: string };
  location?: TicketLocation;
  /** Operator moves applied after filing, in order. */
  actions?: ActionInput[];
}

interface TicketsDemo {
  settings: TicketSettings;
  samples: SampleTicket[];
}

const DEMO_OPERATOR = { name: '演示数据', roles: ['admin'] };

/** Deadlines, departments and a few hotline-intake tickets (fictional) for a demo account. */
export async function seedTicketsDemo(accountId: string, deps: { settings: SettingsRepository; service: TicketService; actions: TicketActions }): Promise<void> {
  const demo = await readDemo<TicketsDemo>('tickets.json');
  await deps.settings.put(accountId, demo.settings);
  for (const sample of demo.samples) {
    const draft: Draft = {
      draftId: `demo:${sample.key}`,
      category: sample.category,
      parts: [sample.content],
      imageIds: [],
      voiceIds: [],
      location: sample.location ?? null,
      contact: sample.contact ?? null,
      anonymous: false,
      seen: [],
    };
    const { ticket, created } = await deps.service.file(accountId, null, draft, null, new Date());
    if (!created) continue;
    for (const action of sample.actions ?? []) await deps.actions.perform(accountId, ticket.id, DEMO_OPERATOR, { all: true, emergency: true }, action);
  }
}
