import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { FakeWechat } from '../../helpers/fake-wechat.js';
import { api, eventually } from '../../helpers/reach.js';

const USER_GET = '/cgi-bin/user/get';

describe('follower import across a restart', () => {
  const fake = new FakeWechat();
  let second: TestApp | undefined;
  afterAll(async () => {
    await second?.close();
    await fake.stop();
  });

  it('when the process stopped during an import then the next one resumes it from the saved next_openid', async () => {
    await fake.start();
    const first = await createTestApp({ fake });
    // The state an import leaves when its process dies after the first page.
    await first.db.query(
      "INSERT INTO follower_sync (account_id, status, next_openid, total, imported, pages) VALUES ('default', 'running', 'oPage1Last', 10001, 10000, 1)",
    );
    await first.close();
    fake.respond((call) =>
      call.path === USER_GET
        ? { json: call.query.next_openid === 'oPage1Last' ? { total: 10001, count: 1, data: { openid: ['oPage2Only'] }, next_openid: 'oPage2Only' } : { total: 10001, count: 0, next_openid: '' } }
        : undefined,
    );

    second = await createTestApp({ isolation: first.isolation, fake });
    const done = await eventually(async () => (await api(second!, 'GET', '/followers/sync')).json(), (s) => s.status === 'done');
    expect(done).toMatchObject({ status: 'done', imported: 10001, pages: 3, total: 10001 });
    expect(fake.callsTo(USER_GET).map((c) => c.query.next_openid)).toEqual(['oPage1Last', 'oPage2Only']);
  });
});
