import { addDays } from '../../calendar/dates.js';
import type { Db } from '../../infra/db.js';
import { COLUMNS, scopeSql, toTicket, type Row } from './ticket-rows.repository.js';
import type { Category, Status, Ticket, TicketScope } from './tickets.types.js';

export interface ListFilter {
  status?: Status;
  category?: Category;
  overdue?: boolean;
  /** Open and due today or tomorrow (Beijing dates): the deadline falls within about a day. */
  dueSoon?: boolean;
  /** The last notice to the citizen did not reach them. */
  undelivered?: boolean;
  q?: string;
  department?: string;
  /** Include the simulator's test tickets (left out by default). */
  includeTest?: boolean;
  limit: number;
  offset: number;
}

/** A ticket in operators' list: `test` when a simulator citizen filed it. */
export type ListedTicket = Ticket & { test: boolean };

/** The `delivered` flag of a ticket's latest notice to the citizen, as text ('true'/'false'). */
const LAST_NOTICE = `(SELECT e.detail->>'delivered' FROM ticket_events e WHERE e.action = 'notify' AND e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1)`;

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

    async list(accountId: string, filter: ListFilter, scope: TicketScope, today: string): Promise<{ items: ListedTicket[]; total: number }> {
      const params: unknown[] = [accountId];
      const where = ['t.account_id = $1', scopeSql(scope, params)];
      if (!filter.includeTest) where.push('NOT t.test');
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
      if (filter.dueSoon !== undefined) {
        params.push(today, addDays(today, 1));
        where.push(
          `${filter.dueSoon ? '' : 'NOT '}(t.status NOT IN ('closed', 'merged') AND t.due_date BETWEEN $${params.length - 1}::date AND $${params.length}::date)`,
        );
      }
      if (filter.undelivered !== undefined) {
        where.push(`${filter.undelivered ? '' : 'NOT '}coalesce(${LAST_NOTICE} = 'false', false)`);
      }
      const whereSql = where.join(' AND ');
      const { rows: count } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets t WHERE ${whereSql}`, params);
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS}, t.test FROM tickets t WHERE ${whereSql} ORDER BY t.created_at DESC, t.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      );
      return { items: rows.map((r) => ({ ...toTicket(r), test: r.test === true })), total: count[0]?.n ?? 0 };
    },

    /** The outcome of each ticket's latest notice to the citizen (absent when none was sent). */
    async lastDeliveries(ids: number[]): Promise<Map<number, Record<string, unknown>>> {
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<{ ticket_id: string; detail: Record<string, unknown>; created_at: Date }>(
        `SELECT DISTINCT ON (ticket_id) ticket_id, detail, created_at FROM ticket_events
         WHERE ticket_id = ANY($1::bigint[]) AND action = 'notify' ORDER BY ticket_id, id DESC`,
        [ids],
      );
      return new Map(rows.map((r) => [Number(r.ticket_id), { ...r.detail, at: r.created_at }]));
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
