import type { Db } from '../../infra/db.js';

export interface Tag {
  id: number;
  wechatId: number;
  name: string;
  members: number;
  createdAt: Date;
}

const SELECT = `SELECT t.id::int AS id, t.wechat_id AS "wechatId", t.name, t.created_at AS "createdAt",
  (SELECT count(*)::int FROM follower_tags ft WHERE ft.tag_id = t.id) AS members FROM reach_tags t`;

export function createTagRepository(db: Db) {
  return {
    async list(accountId: string): Promise<Tag[]> {
      return (await db.query<Tag>(`${SELECT} WHERE t.account_id = $1 ORDER BY t.id`, [accountId])).rows;
    },
    async get(accountId: string, id: number): Promise<Tag | undefined> {
      return (await db.query<Tag>(`${SELECT} WHERE t.account_id = $1 AND t.id = $2`, [accountId, id])).rows[0];
    },
    async byName(accountId: string, name: string): Promise<Tag | undefined> {
      return (await db.query<Tag>(`${SELECT} WHERE t.account_id = $1 AND t.name = $2`, [accountId, name])).rows[0];
    },
    async create(accountId: string, wechatId: number, name: string): Promise<number> {
      const { rows } = await db.query<{ id: number }>('INSERT INTO reach_tags (account_id, wechat_id, name) VALUES ($1, $2, $3) RETURNING id::int AS id', [accountId, wechatId, name]);
      return rows[0]!.id;
    },
    /** Tags made on WeChat (the MP console, another tool): added, or renamed to WeChat's name. */
    async upsertFromWechat(accountId: string, tags: Array<{ id: number; name: string }>): Promise<void> {
      for (const tag of tags) {
        await db
          .query(
            `INSERT INTO reach_tags (account_id, wechat_id, name) VALUES ($1, $2, $3)
             ON CONFLICT (account_id, wechat_id) DO UPDATE SET name = EXCLUDED.name`,
            [accountId, tag.id, tag.name],
          )
          .catch((err: { code?: string }) => {
            // Another of our tags already has this name: keep ours, it is the one broadcasts name.
            if (err.code !== '23505') throw err;
          });
      }
    },
    async rename(accountId: string, id: number, name: string): Promise<void> {
      await db.query('UPDATE reach_tags SET name = $3 WHERE account_id = $1 AND id = $2', [accountId, id, name]);
    },
    async remove(accountId: string, id: number): Promise<void> {
      await db.query('DELETE FROM reach_tags WHERE account_id = $1 AND id = $2', [accountId, id]);
    },
    /** Broadcasts that still name the tag (kept for their totals): the tag cannot go. */
    async usedByBroadcasts(accountId: string, id: number): Promise<number[]> {
      const { rows } = await db.query<{ id: number }>('SELECT id::int AS id FROM broadcasts WHERE account_id = $1 AND tag_id = $2 ORDER BY id', [accountId, id]);
      return rows.map((r) => r.id);
    },
    async addMembers(tagId: number, followerIds: number[]): Promise<void> {
      await db.query('INSERT INTO follower_tags (tag_id, follower_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING', [tagId, followerIds]);
    },
    async removeMembers(tagId: number, followerIds: number[]): Promise<void> {
      await db.query('DELETE FROM follower_tags WHERE tag_id = $1 AND follower_id = ANY($2::bigint[])', [tagId, followerIds]);
    },
  };
}

export type TagRepository = ReturnType<typeof createTagRepository>;
