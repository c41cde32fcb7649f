import type { Db } from '../../infra/db.js';

export interface UndeliveredNotice {
  kind: 'booking-reminder' | 'booking-change' | 'ticket';
  /** 预约号 or 工单号. */
  reference: string;
  reason: string;
  at: Date;
}

/**
 * Notices that reached the citizen neither as a customer-service message nor as a template
 * message, read from where the appointment and ticket features record each outcome:
 * failed reminders, bookings cancelled for a holiday whose citizen could not be told, and
 * tickets whose latest notice was not delivered.
 */
export function createUndeliveredRepository(db: Db) {
  return {
    async list(accountId: string, limit: number): Promise<UndeliveredNotice[]> {
      const { rows } = await db.query<UndeliveredNotice>(
        `(SELECT 'booking-reminder' AS kind, b.booking_no AS reference, COALESCE(r.last_error, '') AS reason, r.due_at AS at
            FROM appointment_reminders r JOIN appointment_bookings b ON b.id = r.booking_id
           WHERE r.account_id = $1 AND r.status = 'failed')
         UNION ALL
         (SELECT 'booking-change', b.booking_no, COALESCE(n.last_error, ''), n.created_at
            FROM appointment_cancel_notices n JOIN appointment_bookings b ON b.id = n.booking_id
           WHERE n.account_id = $1 AND n.status = 'undelivered')
         UNION ALL
         (SELECT 'ticket', t.ticket_no, COALESCE(e.detail->>'reason', ''), e.created_at
            FROM (SELECT DISTINCT ON (ticket_id) ticket_id, detail, created_at FROM ticket_events
                   WHERE account_id = $1 AND action = 'notify' ORDER BY ticket_id, id DESC) e
            JOIN tickets t ON t.id = e.ticket_id
           WHERE (e.detail->>'delivered')::boolean IS NOT TRUE)
         ORDER BY at DESC LIMIT $2`,
        [accountId, limit],
      );
      return rows;
    },
  };
}
