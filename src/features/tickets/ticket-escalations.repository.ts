import { withTransaction, type Db } from '../../infra/db.js';
import { insertEvents, selectTicket, type EventInput } from './ticket-moves.repository.js';
import { OPEN_STATUSES, type ExtensionRequest, type Status, type Ticket } from './tickets.types.js';

/**
 * The moves that change more than the status: 延期 (a pending request, then a new due
 * date) and 退单 (the department lets go of the ticket). Each applies only to the ticket
 * as it was read, so two operators acting at once get one success and one conflict.
 */
export function createEscalationRepository(db: Db) {
  const change = (accountId: string, id: number, sql: string, params: unknown[], events: EventInput[]) =>
    withTransaction(db, async (client): Promise<Ticket | undefined> => {
      const { rowCount } = await client.query(sql, [accountId, id, ...params]);
      if (!rowCount) return undefined;
      await insertEvents(client, accountId, id, events);
      return selectTicket(client, id);
    });

  return {
    requestExtension: (accountId: string, id: number, request: ExtensionRequest, events: EventInput[]) =>
      change(accountId, id,
        `UPDATE tickets SET pending_extension = $3, updated_at = now()
         WHERE account_id = $1 AND id = $2 AND pending_extension IS NULL AND status = ANY($4)`,
        [JSON.stringify(request), OPEN_STATUSES], events),

    /**
     * The new deadline replaces the old; the first one is kept. Warnings recorded against the
     * old deadline are renamed, so the new deadline is warned about again.
     */
    approveExtension: (accountId: string, id: number, dueDate: string, events: EventInput[]) =>
      withTransaction(db, async (client): Promise<Ticket | undefined> => {
        const { rowCount } = await client.query(
          `UPDATE tickets SET original_due_date = COALESCE(original_due_date, due_date), due_date = $3::date,
             pending_extension = NULL, extended_at = now(), updated_at = now()
           WHERE account_id = $1 AND id = $2 AND pending_extension IS NOT NULL AND status = ANY($4)`,
          [accountId, id, dueDate, OPEN_STATUSES],
        );
        if (!rowCount) return undefined;
        await client.query(`UPDATE ticket_events SET action = action || '_before_extension' WHERE ticket_id = $1 AND action IN ('due_soon', 'overdue')`, [id]);
        await insertEvents(client, accountId, id, events);
        return selectTicket(client, id);
      }),

    /** 退单: back to the dispatcher, no department holds it; the deadline keeps running. */
    returnToDispatcher: (accountId: string, id: number, expected: Status, events: EventInput[]) =>
      change(accountId, id,
        `UPDATE tickets SET status = 'returned', resume_status = NULL, department = NULL, updated_at = now()
         WHERE account_id = $1 AND id = $2 AND status = $3`,
        [expected], events),

    /** 不予受理 ends the ticket like a closing, so no deadline runs on it. */
    reject: (accountId: string, id: number, expected: Status, events: EventInput[]) =>
      change(accountId, id,
        `UPDATE tickets SET status = 'rejected', resume_status = NULL, pending_extension = NULL, closed_at = now(), updated_at = now()
         WHERE account_id = $1 AND id = $2 AND status = $3`,
        [expected], events),
  };
}

export type EscalationRepository = ReturnType<typeof createEscalationRepository>;
