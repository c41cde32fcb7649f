import type { Db } from '../../infra/db.js';

export interface Qrcode {
  id: number;
  scene: string;
  permanent: boolean;
  action: string | null;
  ticket: string;
  url: string;
  expiresAt: Date | null;
  scans: number;
  subscriptions: number;
  createdBy: string;
  createdAt: Date;
}

const COLUMNS = `id::int AS id, scene, permanent, action, ticket, url, expires_at AS "expiresAt", scans, subscriptions, created_by AS "createdBy", created_at AS "createdAt"`;

export function createQrcodeRepository(db: Db) {
  return {
    async create(accountId: string, q: Omit<Qrcode, 'id' | 'scans' | 'subscriptions' | 'createdAt'>): Promise<Qrcode> {
      const { rows } = await db.query<Qrcode>(
        `INSERT INTO qrcodes (account_id, scene, permanent, action, ticket, url, expires_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [accountId, q.scene, q.permanent, q.action, q.ticket, q.url, q.expiresAt, q.createdBy],
      );
      return rows[0]!;
    },
    async list(accountId: string): Promise<Qrcode[]> {
      return (await db.query<Qrcode>(`SELECT ${COLUMNS} FROM qrcodes WHERE account_id = $1 ORDER BY id DESC`, [accountId])).rows;
    },
    async byScene(accountId: string, scene: string): Promise<Qrcode | undefined> {
      return (await db.query<Qrcode>(`SELECT ${COLUMNS} FROM qrcodes WHERE account_id = $1 AND scene = $2`, [accountId, scene])).rows[0];
    },
    async count(accountId: string, id: number, kind: 'scan' | 'subscribe'): Promise<void> {
      const column = kind === 'scan' ? 'scans' : 'subscriptions';
      await db.query(`UPDATE qrcodes SET ${column} = ${column} + 1 WHERE account_id = $1 AND id = $2`, [accountId, id]);
    },
  };
}

export type QrcodeRepository = ReturnType<typeof createQrcodeRepository>;
