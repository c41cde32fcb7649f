import type { Db } from '../../infra/db.js';

export interface MediaItem {
  id: number;
  mediaId: string;
  kind: 'image' | 'voice' | 'video' | 'thumb';
  filename: string;
  contentType: string;
  size: number;
  url: string | null;
  hasThumbnail: boolean;
  createdBy: string;
  createdAt: Date;
}

const COLUMNS = `id::int AS id, media_id AS "mediaId", kind, filename, content_type AS "contentType", size, url, thumbnail IS NOT NULL AS "hasThumbnail",
  created_by AS "createdBy", created_at AS "createdAt"`;

export function createMediaRepository(db: Db) {
  return {
    async create(accountId: string, m: Omit<MediaItem, 'id' | 'hasThumbnail' | 'createdAt'> & { thumbnail: Buffer | null }): Promise<MediaItem> {
      const { rows } = await db.query<MediaItem>(
        `INSERT INTO media_items (account_id, media_id, kind, filename, content_type, size, url, thumbnail, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [accountId, m.mediaId, m.kind, m.filename, m.contentType, m.size, m.url, m.thumbnail, m.createdBy],
      );
      return rows[0]!;
    },
    async list(accountId: string): Promise<MediaItem[]> {
      return (await db.query<MediaItem>(`SELECT ${COLUMNS} FROM media_items WHERE account_id = $1 ORDER BY id DESC`, [accountId])).rows;
    },
    async get(accountId: string, id: number): Promise<MediaItem | undefined> {
      return (await db.query<MediaItem>(`SELECT ${COLUMNS} FROM media_items WHERE account_id = $1 AND id = $2`, [accountId, id])).rows[0];
    },
    async thumbnail(accountId: string, id: number): Promise<{ data: Buffer; contentType: string } | undefined> {
      const { rows } = await db.query<{ data: Buffer | null; contentType: string }>(
        'SELECT thumbnail AS data, content_type AS "contentType" FROM media_items WHERE account_id = $1 AND id = $2',
        [accountId, id],
      );
      const row = rows[0];
      return row?.data ? { data: row.data, contentType: row.contentType } : undefined;
    },
    async remove(accountId: string, id: number): Promise<void> {
      await db.query('DELETE FROM media_items WHERE account_id = $1 AND id = $2', [accountId, id]);
    },
    /**
     * Where a media_id is still used: keyword rules, the 被关注/收到消息 replies, the custom
     * menu (media_id buttons) and broadcasts not yet sent. Each named for the operator.
     */
    async usersOf(accountId: string, mediaId: string): Promise<string[]> {
      const needle = `%${JSON.stringify(mediaId).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const { rows } = await db.query<{ user: string }>(
        `SELECT '关键词规则“' || name || '”' AS user FROM keyword_rules WHERE account_id = $1 AND replies::text LIKE $2
         UNION ALL SELECT CASE kind WHEN 'subscribe' THEN '被关注回复' ELSE '收到消息回复' END FROM auto_replies WHERE account_id = $1 AND replies::text LIKE $2
         UNION ALL SELECT '自定义菜单' FROM custom_menus WHERE account_id = $1 AND (menu::text LIKE $2 OR COALESCE(published_menu::text, '') LIKE $2)
         UNION ALL SELECT '群发 #' || id FROM broadcasts WHERE account_id = $1 AND status IN ('pending_approval', 'ready', 'scheduled', 'sending') AND message::text LIKE $2`,
        [accountId, needle],
      );
      return rows.map((r) => r.user);
    },
  };
}

export type MediaRepository = ReturnType<typeof createMediaRepository>;
