import type { Db } from '../../infra/db.js';
import { COLUMNS, scopeSql, toTicket, type Row } from './ticket-rows.repository.js';
import type { Category, Status, Ticket, TicketScope } from './tickets.types.js';

export interface ListFilter {
  status?: Status;
  category?: Category;
  overdue?: boolean;
  q?: string;
  department?: string;
  limit: number;
  offset: number;
}

/** Lists of tickets: operators' filtered list, a citizen's own, merged followers, the deadline scan. */
export function createTicketListRepository(db: Db) {
  return {
    /** The citizen's own (non-anonymous) tickets, newest first. */
    async listForOwner(accountId: string, openIdHash: string, limit: number, statuses?: Status[]): Promise<Ticket[]> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM tickets t WHERE account_id = $1 AND open_id_hash = $2 AND ($3::text[] IS NULL OR status = ANY($3))
         ORDER BY created_at DESC, id DESC LIMIT $4`,
        [accountId, openIdHash, statuses ?? null, limit],
      );
      return rows.map(toTicket);
    },

    async list(accountId: string, filter: ListFilter, scope: TicketScope, today: string): Promise<{ items: Ticket[]; total: number }> {
      const params: unknown[] = [accountId];
      const where = ['t.account_id = $1', scopeSql(scope, params)];
      const add = (sql: (n: number) => string, value: unknown) => {
        params.push(value);
        where.push(sql(params.length));
      };
      if (filter.status) add((n) => `t.status = $${n}`, filter.status);
      if (filter.category) add((n) => `t.category = $${n}`, filter.category);
      if (filter.department) add((n) => `t.department = $${n}`, filter.department);
      if (filter.q) {
        params.push(filter.q, `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        where.push(`(t.ticket_no = $${params.length - 1} OR t.content ILIKE $${params.length})`);
      }
      if (filter.overdue !== undefined) {
        add((n) => `${filter.overdue ? '' : 'NOT '}(t.status NOT IN ('closed', 'merged') AND t.due_date < $${n}::date)`, today);
      }
      const whereSql = where.join(' AND ');
      const { rows: count } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets t WHERE ${whereSql}`, params);
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM tickets t WHERE ${whereSql} ORDER BY t.created_at DESC, t.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      );
      return { items: rows.map(toTicket), total: count[0]?.n ?? 0 };
    },

    /** Tickets merged into this one: their citizens hear its answers too. */
    async mergedInto(accountId: string, id: number): Promise<Ticket[]> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM tickets t WHERE account_id = $1 AND merged_into = $2`, [accountId, id]);
      return rows.map(toTicket);
    },

    /** Open tickets of every account due on or before `until`, for the deadline check. */
    async openDueBy(until: string): Promise<Ticket[]> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM tickets t WHERE t.status NOT IN ('closed', 'merged') AND t.due_date <= $1::date ORDER BY t.id LIMIT 5000`,
        [until],
      );
      return rows.map(toTicket);
    },
  };
}
