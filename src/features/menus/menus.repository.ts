import type pg from 'pg';
import { withTransaction, type Db } from '../../infra/db.js';
import type { MenuNode, NumberedMenu, NumberedMenuInput, WechatMenu } from './menus.types.js';

interface MenuRow {
  code: string;
  title: string;
  items: MenuNode[];
  created_at: Date;
  updated_at: Date;
}

export interface CustomMenuRow {
  menu: WechatMenu;
  updatedBy: string;
  updatedAt: Date;
  publishedMenu: WechatMenu | null;
  publishedBy: string | null;
  publishedAt: Date | null;
}

type Queryable = Pick<pg.Pool, 'query'>;

const toMenu = (row: MenuRow): NumberedMenu => ({
  code: row.code,
  title: row.title,
  items: row.items,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  version: row.updated_at.getTime(),
});

function queries(db: Queryable) {
  return {
    async listMenus(accountId: string): Promise<NumberedMenu[]> {
      const { rows } = await db.query<MenuRow>('SELECT * FROM numbered_menus WHERE account_id = $1 ORDER BY code', [accountId]);
      return rows.map(toMenu);
    },
    async insertMenu(accountId: string, input: NumberedMenuInput): Promise<NumberedMenu | undefined> {
      const { rows } = await db.query<MenuRow>(
        `INSERT INTO numbered_menus (account_id, code, title, items) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id, code) DO NOTHING RETURNING *`,
        [accountId, input.code, input.title, JSON.stringify(input.items)],
      );
      return rows[0] && toMenu(rows[0]);
    },
    async updateMenu(accountId: string, code: string, input: NumberedMenuInput): Promise<NumberedMenu | undefined> {
      // clock_timestamp(): two edits in one transaction snapshot must still get distinct versions.
      const { rows } = await db.query<MenuRow>(
        `UPDATE numbered_menus SET title = $3, items = $4, updated_at = greatest(clock_timestamp(), updated_at + interval '1 millisecond')
         WHERE account_id = $1 AND code = $2 RETURNING *`,
        [accountId, code, input.title, JSON.stringify(input.items)],
      );
      return rows[0] && toMenu(rows[0]);
    },
    async deleteMenu(accountId: string, code: string): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM numbered_menus WHERE account_id = $1 AND code = $2', [accountId, code]);
      return (rowCount ?? 0) > 0;
    },
    async getCustomMenu(accountId: string): Promise<CustomMenuRow | undefined> {
      const { rows } = await db.query<CustomMenuRow>(
        `SELECT menu, updated_by AS "updatedBy", updated_at AS "updatedAt", published_menu AS "publishedMenu",
                published_by AS "publishedBy", published_at AS "publishedAt"
         FROM custom_menus WHERE account_id = $1`,
        [accountId],
      );
      return rows[0];
    },
    async putCustomMenu(accountId: string, menu: WechatMenu, actor: string): Promise<void> {
      await db.query(
        `INSERT INTO custom_menus (account_id, menu, updated_by) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET menu = EXCLUDED.menu, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [accountId, JSON.stringify(menu), actor],
      );
    },
    /** Of the guide and appointment-service codes given, those the account does not have. */
    async missingTargets(accountId: string, guides: string[], services: string[]): Promise<{ guides: string[]; services: string[] }> {
      const { rows } = await db.query<{ kind: string; code: string }>(
        `SELECT 'guide' AS kind, g AS code FROM unnest($2::text[]) AS g WHERE NOT EXISTS (SELECT 1 FROM service_guides WHERE account_id = $1 AND code = g)
         UNION ALL
         SELECT 'service', c FROM unnest($3::text[]) AS c WHERE NOT EXISTS (SELECT 1 FROM appointment_services WHERE account_id = $1 AND lower(code) = lower(c))`,
        [accountId, guides, services],
      );
      return { guides: rows.filter((r) => r.kind === 'guide').map((r) => r.code), services: rows.filter((r) => r.kind === 'service').map((r) => r.code) };
    },
    async markPublished(accountId: string, menu: WechatMenu, actor: string): Promise<void> {
      await db.query(
        'UPDATE custom_menus SET published_menu = $2, published_by = $3, published_at = now() WHERE account_id = $1',
        [accountId, JSON.stringify(menu), actor],
      );
    },
  };
}

export type MenuQueries = ReturnType<typeof queries>;

export function createMenuRepository(db: Db) {
  return {
    ...queries(db),
    /**
     * Runs `work` in a transaction holding the account's menu lock: codes and
     * `menu:` references span every tree and the custom menu, so writes to any of
     * them are serialised per account to keep the cross-checks true.
     */
    async locked<T>(accountId: string, work: (q: MenuQueries) => Promise<T>): Promise<T> {
      return withTransaction(db, async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('menus:' || $1))", [accountId]);
        return work(queries(client));
      });
    },
  };
}

export type MenuRepository = ReturnType<typeof createMenuRepository>;
