import type { Db } from '../infra/db.js';
import type { PiiCipher } from '../lib/pii.js';
import type { Account } from '../wechat/account.js';

interface Row {
  id: string;
  name: string;
  app_id: string;
  app_secret: string;
  token: string;
  encoding_aes_key: string | null;
}

/** AppSecrets are encrypted at rest like personal data; rows written before that are read as they are. */
const toAccountWith = (row: Row, cipher: PiiCipher): Account => ({
  id: row.id,
  name: row.name,
  appId: row.app_id,
  appSecret: row.app_secret.startsWith('v1:') ? cipher.decrypt(row.app_secret) : row.app_secret,
  token: row.token,
  encodingAesKey: row.encoding_aes_key ?? undefined,
});

export function createAccountRepository(db: Db, cipher: PiiCipher) {
  const toAccount = (row: Row) => toAccountWith(row, cipher);
  const secret = (account: Account) => cipher.encrypt(account.appSecret);
  return {
    async get(id: string): Promise<Account | undefined> {
      const { rows } = await db.query<Row>('SELECT * FROM accounts WHERE id = $1', [id]);
      return rows[0] && toAccount(rows[0]);
    },
    async list(): Promise<Account[]> {
      const { rows } = await db.query<Row>('SELECT * FROM accounts ORDER BY created_at');
      return rows.map(toAccount);
    },
    async upsert(account: Account): Promise<Account> {
      const { rows } = await db.query<Row>(
        `INSERT INTO accounts (id, name, app_id, app_secret, token, encoding_aes_key) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, app_id = EXCLUDED.app_id, app_secret = EXCLUDED.app_secret,
           token = EXCLUDED.token, encoding_aes_key = EXCLUDED.encoding_aes_key, updated_at = now()
         RETURNING *`,
        [account.id, account.name, account.appId, secret(account), account.token, account.encodingAesKey ?? null],
      );
      return toAccount(rows[0]!);
    },
    async insert(account: Account): Promise<Account | undefined> {
      const { rows } = await db.query<Row>(
        `INSERT INTO accounts (id, name, app_id, app_secret, token, encoding_aes_key) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO NOTHING RETURNING *`,
        [account.id, account.name, account.appId, secret(account), account.token, account.encodingAesKey ?? null],
      );
      return rows[0] && toAccount(rows[0]);
    },
  };
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;
