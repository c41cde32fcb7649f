import type { Db } from '../../infra/db.js';
import type { Category } from './tickets.types.js';

export interface TicketSettings {
  /** Overrides of the default deadlines, in working days. */
  deadlines: Partial<Record<Category, number>>;
  departments: string[];
  /** Template for status notices outside the 48-hour customer-service window. */
  statusTemplateId: string | null;
}

export function createSettingsRepository(db: Db) {
  return {
    async get(accountId: string): Promise<TicketSettings> {
      const { rows } = await db.query<{ deadlines: TicketSettings['deadlines']; departments: string[]; status_template_id: string | null }>(
        'SELECT deadlines, departments, status_template_id FROM ticket_settings WHERE account_id = $1',
        [accountId],
      );
      const row = rows[0];
      return { deadlines: row?.deadlines ?? {}, departments: row?.departments ?? [], statusTemplateId: row?.status_template_id ?? null };
    },
    async put(accountId: string, settings: TicketSettings): Promise<void> {
      await db.query(
        `INSERT INTO ticket_settings (account_id, deadlines, departments, status_template_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id) DO UPDATE SET deadlines = EXCLUDED.deadlines, departments = EXCLUDED.departments,
           status_template_id = EXCLUDED.status_template_id, updated_at = now()`,
        [accountId, JSON.stringify(settings.deadlines), JSON.stringify(settings.departments), settings.statusTemplateId],
      );
    },
  };
}

export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
