import type { Db } from '../../infra/db.js';
import type { AppointmentService, AppointmentSettings, ServiceInput } from './appointments.types.js';

interface Row {
  id: number;
  code: string;
  name: string;
  kind: ServiceInput['kind'];
  enabled: boolean;
  spec: Omit<ServiceInput, 'code' | 'name' | 'kind' | 'enabled'>;
  created_at: Date;
  updated_at: Date;
}

const toService = (row: Row): AppointmentService => ({
  id: row.id,
  code: row.code,
  name: row.name,
  kind: row.kind,
  ...row.spec,
  enabled: row.enabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** The contract fields only; anything else a client sends is not stored. */
function specOf(input: ServiceInput): Row['spec'] {
  const spec: Row['spec'] = {
    location: input.location,
    guideCodes: input.guideCodes,
    slotMinutes: input.slotMinutes,
    capacityPerSlot: input.capacityPerSlot,
    schedule: input.schedule,
    bookingWindow: input.bookingWindow,
    cancelDeadlineMinutes: input.cancelDeadlineMinutes,
    perPersonPerDay: input.perPersonPerDay,
    noShow: input.noShow,
    requireIdNumber: input.requireIdNumber,
    walkInRatio: input.walkInRatio,
    reminderMinutesBefore: input.reminderMinutesBefore,
    resources: input.resources,
    whatToBring: input.whatToBring,
    reminderTemplateId: input.reminderTemplateId,
    provider: input.provider,
    department: input.department,
  };
  return JSON.parse(JSON.stringify(spec)) as Row['spec'];
}

export class DuplicateCodeError extends Error {}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export function createServiceRepository(db: Db) {
  return {
    async list(accountId: string, options: { enabledOnly?: boolean } = {}): Promise<AppointmentService[]> {
      const { rows } = await db.query<Row>(
        `SELECT * FROM appointment_services WHERE account_id = $1 ${options.enabledOnly ? 'AND enabled' : ''} ORDER BY id`,
        [accountId],
      );
      return rows.map(toService);
    },
    async get(accountId: string, id: number): Promise<AppointmentService | undefined> {
      const { rows } = await db.query<Row>('SELECT * FROM appointment_services WHERE account_id = $1 AND id = $2', [accountId, id]);
      return rows[0] && toService(rows[0]);
    },
    async getByCode(accountId: string, code: string): Promise<AppointmentService | undefined> {
      const { rows } = await db.query<Row>('SELECT * FROM appointment_services WHERE account_id = $1 AND lower(code) = lower($2)', [accountId, code]);
      return rows[0] && toService(rows[0]);
    },
    /** The enabled service linked to a guide (`appointment:<guide code>` from a guide's reply). */
    async getByGuide(accountId: string, guideCode: string): Promise<AppointmentService | undefined> {
      const { rows } = await db.query<Row>(
        `SELECT * FROM appointment_services WHERE account_id = $1 AND enabled AND spec->'guideCodes' ? $2 ORDER BY id LIMIT 1`,
        [accountId, guideCode],
      );
      return rows[0] && toService(rows[0]);
    },
    async create(accountId: string, input: ServiceInput): Promise<AppointmentService> {
      try {
        const { rows } = await db.query<Row>(
          `INSERT INTO appointment_services (account_id, code, name, kind, enabled, spec) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [accountId, input.code, input.name, input.kind, input.enabled ?? true, JSON.stringify(specOf(input))],
        );
        return toService(rows[0]!);
      } catch (err) {
        if (isUniqueViolation(err)) throw new DuplicateCodeError(input.code);
        throw err;
      }
    },
    async update(accountId: string, id: number, input: ServiceInput): Promise<AppointmentService | undefined> {
      try {
        const { rows } = await db.query<Row>(
          `UPDATE appointment_services SET code = $3, name = $4, kind = $5, enabled = $6, spec = $7, updated_at = now()
           WHERE account_id = $1 AND id = $2 RETURNING *`,
          [accountId, id, input.code, input.name, input.kind, input.enabled ?? true, JSON.stringify(specOf(input))],
        );
        return rows[0] && toService(rows[0]);
      } catch (err) {
        if (isUniqueViolation(err)) throw new DuplicateCodeError(input.code);
        throw err;
      }
    },
    /** Refuses (returns 'in-use') while citizens hold upcoming bookings of the service. */
    async remove(accountId: string, id: number, now: Date): Promise<'removed' | 'missing' | 'in-use'> {
      const { rows } = await db.query<{ upcoming: number }>(
        `SELECT count(*)::int AS upcoming FROM appointment_bookings
         WHERE account_id = $1 AND service_id = $2 AND status = 'booked' AND slot_end > $3`,
        [accountId, id, now],
      );
      if ((rows[0]?.upcoming ?? 0) > 0) return 'in-use';
      const { rowCount } = await db.query('DELETE FROM appointment_services WHERE account_id = $1 AND id = $2', [accountId, id]);
      return (rowCount ?? 0) > 0 ? 'removed' : 'missing';
    },
    async getSettings(accountId: string): Promise<AppointmentSettings> {
      const { rows } = await db.query<{ reminder_template_id: string | null }>(
        'SELECT reminder_template_id FROM appointment_settings WHERE account_id = $1',
        [accountId],
      );
      return { reminderTemplateId: rows[0]?.reminder_template_id ?? null };
    },
    async setSettings(accountId: string, settings: AppointmentSettings): Promise<void> {
      await db.query(
        `INSERT INTO appointment_settings (account_id, reminder_template_id) VALUES ($1, $2)
         ON CONFLICT (account_id) DO UPDATE SET reminder_template_id = EXCLUDED.reminder_template_id, updated_at = now()`,
        [accountId, settings.reminderTemplateId],
      );
    },
  };
}

export type ServiceRepository = ReturnType<typeof createServiceRepository>;
