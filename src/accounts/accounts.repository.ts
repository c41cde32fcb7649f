import type { Db } from '../infra/db.js';
import { createAccountTemplateRepository } from './account-template.repository.js';
import type { PiiCipher } from '../lib/pii.js';
import { defaultMessageMode, type Account, type MessageMode } from '../wechat/account.js';

interface Row {
  id: string;
  name: string;
  app_id: string;
  app_secret: string;
  token: string;
  encoding_aes_key: string | null;
  message_mode: MessageMode;
}

/** Ciphertexts carry the cipher's "v1:" prefix; tokens and AES keys are alphanumeric, so they never do. */
const sealed = (value: string) => value.startsWith('v1:');

/**
 * AppSecrets, webhook tokens and AES keys are encrypted at rest like personal data;
 * values written before that are read as they are and sealed by sealStoredSecrets.
 */
const toAccountWith = (row: Row, cipher: PiiCipher): Account => {
  const open = (value: string) => (sealed(value) ? cipher.decrypt(value) : value);
  return {
    id: row.id,
    name: row.name,
    appId: row.app_id,
    appSecret: open(row.app_secret),
    token: open(row.token),
    encodingAesKey: row.encoding_aes_key === null ? undefined : open(row.encoding_aes_key),
    messageMode: row.message_mode,
  };
};

const COLUMNS = 'id, name, app_id, app_secret, token, encoding_aes_key, message_mode';

export function createAccountRepository(db: Db, cipher: PiiCipher) {
  const toAccount = (row: Row) => toAccountWith(row, cipher);
  const values = (account: Account) => [
    account.id,
    account.name,
    account.appId,
    cipher.encrypt(account.appSecret),
    cipher.encrypt(account.token),
    account.encodingAesKey === undefined ? null : cipher.encrypt(account.encodingAesKey),
    account.messageMode ?? defaultMessageMode(account.encodingAesKey),
  ];
  return {
    /** Copying a template account's set-up into a new one. */
    template: createAccountTemplateRepository(db),

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
        `INSERT INTO accounts (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, app_id = EXCLUDED.app_id, app_secret = EXCLUDED.app_secret,
           token = EXCLUDED.token, encoding_aes_key = EXCLUDED.encoding_aes_key, message_mode = EXCLUDED.message_mode,
           updated_at = now()
         RETURNING *`,
        values(account),
      );
      return toAccount(rows[0]!);
    },
    async insert(account: Account): Promise<Account | undefined> {
      const { rows } = await db.query<Row>(
        `INSERT INTO accounts (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO NOTHING RETURNING *`,
        values(account),
      );
      return rows[0] && toAccount(rows[0]);
    },
    /** Encrypts secrets still stored in clear (rows written before encryption at rest). Returns the ids sealed. */
    async sealStoredSecrets(): Promise<string[]> {
      const { rows } = await db.query<Row>(
        `SELECT * FROM accounts WHERE app_secret NOT LIKE 'v1:%' OR token NOT LIKE 'v1:%' OR encoding_aes_key NOT LIKE 'v1:%'`,
      );
      for (const row of rows) {
        const account = toAccount(row);
        const [, , , appSecret, token, aesKey] = values(account);
        // Only where the stored value is still the one read: a concurrent save wins.
        await db.query(
          `UPDATE accounts SET app_secret = $2, token = $3, encoding_aes_key = $4
           WHERE id = $1 AND app_secret = $5 AND token = $6 AND encoding_aes_key IS NOT DISTINCT FROM $7`,
          [row.id, appSecret, token, aesKey, row.app_secret, row.token, row.encoding_aes_key],
        );
      }
      return rows.map((row) => row.id);
    },
  };
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;
