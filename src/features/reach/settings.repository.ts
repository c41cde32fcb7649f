import type { Db } from '../../infra/db.js';
import type { ReachSettings } from './reach.types.js';
import { DEFAULT_WARNING_TEMPLATE, type WarningTemplate } from './warning.js';

const DEFAULTS: ReachSettings = { approvalRequired: false, accountType: 'service', noticeTemplates: {} };

export function createReachSettingsRepository(db: Db) {
  return {
    async get(accountId: string): Promise<ReachSettings> {
      const { rows } = await db.query<ReachSettings>(
        `SELECT approval_required AS "approvalRequired", account_type AS "accountType", notice_templates AS "noticeTemplates" FROM reach_settings WHERE account_id = $1`,
        [accountId],
      );
      return rows[0] ?? { ...DEFAULTS };
    },
    async put(accountId: string, s: ReachSettings): Promise<void> {
      await db.query(
        `INSERT INTO reach_settings (account_id, approval_required, account_type, notice_templates) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id) DO UPDATE SET approval_required = EXCLUDED.approval_required, account_type = EXCLUDED.account_type,
           notice_templates = EXCLUDED.notice_templates, updated_at = now()`,
        [accountId, s.approvalRequired, s.accountType, JSON.stringify(s.noticeTemplates)],
      );
    },
    /** The ids the appointment and ticket features hold now (they may be set there too). */
    async featureTemplates(accountId: string): Promise<{ bookingReminder: string | null; ticketStatus: string | null }> {
      const { rows } = await db.query<{ bookingReminder: string | null; ticketStatus: string | null }>(
        `SELECT (SELECT reminder_template_id FROM appointment_settings WHERE account_id = $1) AS "bookingReminder",
                (SELECT status_template_id FROM ticket_settings WHERE account_id = $1) AS "ticketStatus"`,
        [accountId],
      );
      return rows[0] ?? { bookingReminder: null, ticketStatus: null };
    },
    async warningTemplate(accountId: string): Promise<WarningTemplate> {
      const { rows } = await db.query<{ t: WarningTemplate | null }>('SELECT warning_template AS t FROM reach_settings WHERE account_id = $1', [accountId]);
      return rows[0]?.t ?? DEFAULT_WARNING_TEMPLATE;
    },
    async putWarningTemplate(accountId: string, template: WarningTemplate): Promise<void> {
      await db.query(
        `INSERT INTO reach_settings (account_id, warning_template) VALUES ($1, $2)
         ON CONFLICT (account_id) DO UPDATE SET warning_template = EXCLUDED.warning_template, updated_at = now()`,
        [accountId, JSON.stringify(template)],
      );
    },
    /**
     * The booking-reminder and ticket-status templates are also where the appointment and
     * ticket features read them (appointment_settings, ticket_settings): kept in step here.
     */
    async syncFeatureTemplates(accountId: string, bookingReminder: string | null | undefined, ticketStatus: string | null | undefined): Promise<void> {
      if (bookingReminder !== undefined) await db.query(
        `INSERT INTO appointment_settings (account_id, reminder_template_id) VALUES ($1, $2)
         ON CONFLICT (account_id) DO UPDATE SET reminder_template_id = EXCLUDED.reminder_template_id, updated_at = now()`,
        [accountId, bookingReminder],
      );
      if (ticketStatus !== undefined) await db.query(
        `INSERT INTO ticket_settings (account_id, status_template_id) VALUES ($1, $2)
         ON CONFLICT (account_id) DO UPDATE SET status_template_id = EXCLUDED.status_template_id, updated_at = now()`,
        [accountId, ticketStatus],
      );
    },
    /** A news item of the product (content feature's table, read only), for a link-card broadcast. */
    async newsItem(accountId: string, id: number): Promise<{ id: number; title: string; summary: string; status: string } | undefined> {
      const { rows } = await db.query<{ id: number; title: string; summary: string; status: string }>(
        'SELECT id::int AS id, title, summary, status FROM news_items WHERE account_id = $1 AND id = $2',
        [accountId, id],
      );
      return rows[0];
    },
  };
}

export type ReachSettingsRepository = ReturnType<typeof createReachSettingsRepository>;
