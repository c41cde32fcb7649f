import type { Db } from '../../infra/db.js';

export interface SupervisionSettings {
  dueSoonDays: number;
  noticeTemplateId: string | null;
  digestHour: number;
}

export const DEFAULT_SUPERVISION: SupervisionSettings = { dueSoonDays: 1, noticeTemplateId: null, digestHour: 8 };

export interface BoundOperator {
  operatorId: number;
  name: string;
  openIdEnc: string;
}

export interface DigestTicket {
  id: number;
  ticketNo: string;
  category: string;
  dueDate: string;
}

export function createSupervisionRepository(db: Db) {
  return {
    async settings(accountId: string): Promise<SupervisionSettings> {
      const { rows } = await db.query<SupervisionSettings>(
        'SELECT due_soon_days AS "dueSoonDays", notice_template_id AS "noticeTemplateId", digest_hour AS "digestHour" FROM supervision_settings WHERE account_id = $1',
        [accountId],
      );
      return rows[0] ?? DEFAULT_SUPERVISION;
    },

    async saveSettings(accountId: string, s: SupervisionSettings): Promise<SupervisionSettings> {
      await db.query(
        `INSERT INTO supervision_settings (account_id, due_soon_days, notice_template_id, digest_hour) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id) DO UPDATE SET due_soon_days = $2, notice_template_id = $3, digest_hour = $4, updated_at = now()`,
        [accountId, s.dueSoonDays, s.noticeTemplateId, s.digestHour],
      );
      return s;
    },

    async bind(accountId: string, operatorId: number, openIdEnc: string, openIdHash: string): Promise<void> {
      await db.query('DELETE FROM operator_wechat WHERE account_id = $1 AND open_id_hash = $2 AND operator_id <> $3', [accountId, openIdHash, operatorId]);
      await db.query(
        `INSERT INTO operator_wechat (operator_id, account_id, open_id_enc, open_id_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (operator_id) DO UPDATE SET account_id = $2, open_id_enc = $3, open_id_hash = $4, bound_at = now()`,
        [operatorId, accountId, openIdEnc, openIdHash],
      );
    },

    /** Bound, enabled operators who answer for a department (its handlers) or supervise (admins). */
    async recipients(accountId: string, department: string | null): Promise<BoundOperator[]> {
      const { rows } = await db.query<BoundOperator>(
        `SELECT o.id AS "operatorId", o.name, w.open_id_enc AS "openIdEnc" FROM operators o JOIN operator_wechat w ON w.operator_id = o.id
         WHERE o.account_id = $1 AND w.account_id = $1 AND o.disabled_at IS NULL
           AND ('admin' = ANY(o.roles) OR ($2::text IS NOT NULL AND 'handler' = ANY(o.roles) AND o.department = $2))
         ORDER BY o.id`,
        [accountId, department],
      );
      return rows.map((r) => ({ ...r, operatorId: Number(r.operatorId) }));
    },

    /** Open tickets per department due on or before `until` (Beijing date), for the digest. */
    async dueByDepartment(accountId: string, until: string): Promise<Map<string, DigestTicket[]>> {
      const { rows } = await db.query<DigestTicket & { department: string }>(
        `SELECT id, ticket_no AS "ticketNo", category, to_char(due_date, 'YYYY-MM-DD') AS "dueDate", department FROM tickets
         WHERE account_id = $1 AND NOT test AND department IS NOT NULL AND status NOT IN ('closed', 'merged', 'rejected') AND due_date <= $2::date
         ORDER BY department, due_date, id`,
        [accountId, until],
      );
      const out = new Map<string, DigestTicket[]>();
      for (const r of rows) out.set(r.department, [...(out.get(r.department) ?? []), { id: Number(r.id), ticketNo: r.ticketNo, category: r.category, dueDate: r.dueDate }]);
      return out;
    },

    /** Claims today's digest for a department; false when another run sent it. */
    async claimDigest(accountId: string, department: string, day: string, tickets: number): Promise<boolean> {
      const { rowCount } = await db.query(
        'INSERT INTO supervision_digests (account_id, department, day, tickets) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [accountId, department, day, tickets],
      );
      return (rowCount ?? 0) > 0;
    },

    async currentSchema(): Promise<string> {
      const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
      return rows[0]!.schema;
    },

    async accountsWithDepartments(): Promise<string[]> {
      const { rows } = await db.query<{ a: string }>(`SELECT DISTINCT account_id AS a FROM tickets WHERE department IS NOT NULL AND status NOT IN ('closed', 'merged', 'rejected')`);
      return rows.map((r) => r.a);
    },
  };
}

export type SupervisionRepository = ReturnType<typeof createSupervisionRepository>;
