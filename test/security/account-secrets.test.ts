import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, TEST_AES_KEY, type TestApp } from '../helpers/app.js';
import { postWechat, textXml } from '../helpers/wechat.js';

const OTHER_AES_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';

describe('account secrets at rest: webhook tokens and AES keys are encrypted', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const rawRow = async (id: string) => JSON.stringify((await t.db.query('SELECT * FROM accounts WHERE id = $1', [id])).rows[0]);

  it('when an account is added then its raw row holds neither the token nor the AES key, and the account still verifies webhooks', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/api/accounts',
      headers: adminHeaders,
      payload: { id: 'sealed', name: '加密号', appId: 'wx0000000000seald', appSecret: 'sealed-secret', token: 'SealedToken42', encodingAesKey: OTHER_AES_KEY, messageMode: 'compat' },
    });
    expect(res.statusCode).toBe(201);
    const row = await rawRow('sealed');
    expect(row).not.toContain('SealedToken42');
    expect(row).not.toContain(OTHER_AES_KEY);
    expect(row).not.toContain('sealed-secret');

    const plain = await postWechat(t.app, textXml('热线'), { path: '/wechat/sealed', token: 'SealedToken42' });
    expect(plain.statusCode).toBe(200);
    const encrypted = await postWechat(t.app, textXml('热线'), { path: '/wechat/sealed', token: 'SealedToken42', safe: true, aesKey: OTHER_AES_KEY, appId: 'wx0000000000seald' });
    expect(encrypted.statusCode).toBe(200);
    expect((await postWechat(t.app, textXml('热线'), { path: '/wechat/sealed', token: 'wrongtoken' })).statusCode).toBe(401);
  });

  it('when the default account is written from the environment then its token and AES key are not stored in clear either', async () => {
    const row = await rawRow('default');
    expect(row).not.toContain('"testtoken"');
    expect(row).not.toContain(TEST_AES_KEY);
  });

  it('when rows were stored in clear before encryption at rest then a restart seals them and the account keeps working', async () => {
    await t.db.query(
      `INSERT INTO accounts (id, name, app_id, app_secret, token, encoding_aes_key, message_mode)
       VALUES ('legacy', '旧号', 'wx00000000legacy', 'legacy-secret', 'LegacyToken7', $1, 'compat')`,
      [OTHER_AES_KEY],
    );
    const restarted = await createTestApp({ shareWith: t });
    try {
      const row = await rawRow('legacy');
      expect(row).not.toContain('LegacyToken7');
      expect(row).not.toContain(OTHER_AES_KEY);
      expect(row).not.toContain('legacy-secret');
      const res = await postWechat(restarted.app, textXml('热线'), { path: '/wechat/legacy', token: 'LegacyToken7', safe: true, aesKey: OTHER_AES_KEY, appId: 'wx00000000legacy' });
      expect(res.statusCode).toBe(200);
    } finally {
      await restarted.close();
    }
  });
});
