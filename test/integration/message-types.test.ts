import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { postWechat, readReply } from '../helpers/wechat.js';

const corpus = path.resolve(import.meta.dirname, '../fixtures/conformance/inbound');
const samples = ['messages', 'events'].flatMap((dir) =>
  readdirSync(path.join(corpus, dir))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => [`${dir}/${f}`, readFileSync(path.join(corpus, dir, f), 'utf8')] as const),
);

describe('every inbound message and event type through the webhook', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  it('has the official samples of every type', () => {
    expect(samples.length).toBeGreaterThanOrEqual(20);
  });

  it.each(samples)('when %s arrives then WeChat gets a well-formed answer (success or a reply)', async (_name, xml) => {
    for (const mode of [{}, { safe: true }]) {
      const res = await postWechat(t.app, xml, mode);
      expect(res.statusCode).toBe(200);
      if (res.body !== 'success') {
        const reply = readReply(res.body);
        expect(['text', 'news', 'image']).toContain(reply.MsgType);
        expect(Buffer.byteLength(String(reply.Content ?? ''), 'utf8')).toBeLessThanOrEqual(2048);
      }
    }
  });

  it('when the demo is loaded and a citizen follows the account then the demo welcome answers, once per restart-safe seed', async () => {
    const res = await postWechat(t.app, readFileSync(path.join(corpus, 'events/subscribe.xml'), 'utf8').replace(/<CreateTime>\d+/, '<CreateTime>1700000099'));
    expect(String(readReply(res.body).Content)).toContain('欢迎关注');
    const second = await createTestApp({ isolation: t.isolation, fake: t.fake, env: { SEED_DEMO: 'true' } });
    try {
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM keyword_rules');
      const { rows: marks } = await t.db.query('SELECT feature FROM demo_marks ORDER BY feature');
      expect(rows[0].n).toBe(3);
      expect(marks.map((m) => m.feature)).toContain('keywords');
    } finally {
      await second.close();
    }
  });
});
