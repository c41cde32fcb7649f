import type { Db } from '../infra/db.js';

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export function createCalendarRepository(db: Db) {
  return {
    async list(accountId: string, from?: string, to?: string): Promise<CalendarDay[]> {
      const { rows } = await db.query<CalendarDay>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS date, kind, name FROM calendar_days
         WHERE account_id = $1 AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3) ORDER BY day`,
        [accountId, from ?? null, to ?? null],
      );
      return rows;
    },
    async upsert(accountId: string, days: CalendarDay[]): Promise<void> {
      await db.query(
        `INSERT INTO calendar_days (account_id, day, kind, name)
         SELECT $1, d.day, d.kind, d.name FROM unnest($2::date[], $3::text[], $4::text[]) AS d(day, kind, name)
         ON CONFLICT (account_id, day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name`,
        [accountId, days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name)],
      );
    },
    async remove(accountId: string, date: string): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM calendar_days WHERE account_id = $1 AND day = $2', [accountId, date]);
      return (rowCount ?? 0) > 0;
    },
  };
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>;
