import { afterAll, describe, expect, it } from 'vitest';
import { BROADCAST_QUEUE } from '../../../src/features/reach/broadcast-queue.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { FakeWechat } from '../../helpers/fake-wechat.js';
import { api, eventually } from '../../helpers/reach.js';

const SENDALL = '/cgi-bin/message/mass/sendall';
const jobTable = (t: TestApp) => `${`${t.isolation.schema}_pgboss`.slice(0, 50)}.job`;

describe('scheduled broadcasts', () => {
  const fake = new FakeWechat();
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await fake.stop();
  });

  it('when a broadcast is scheduled and the app restarts before its time then the new process sends it, once', async () => {
    await fake.start();
    fake.respond((call) => (call.path === SENDALL ? { json: { errcode: 0, errmsg: 'ok', msg_id: 1000000777 } } : undefined));
    const first = await createTestApp({ fake });
    const sendAt = new Date(Date.now() + 3600_000).toISOString();
    const created = await api(first, 'POST', '/broadcasts', { audience: { all: true }, message: { type: 'text', content: '明日停水通知' }, sendAt });
    expect(created.statusCode, created.body).toBe(201);
    const b = created.json() as { id: number; status: string; sendAt: string };
    expect(b.status).toBe('scheduled');
    expect(new Date(b.sendAt).toISOString()).toBe(sendAt);
    const { rows } = await first.db.query(`SELECT state FROM ${jobTable(first)} WHERE name = $1`, [BROADCAST_QUEUE]);
    expect(rows).toEqual([{ state: 'created' }]);
    await first.close();

    // While no process runs, the chosen time arrives.
    const second = await createTestApp({ isolation: first.isolation, fake });
    apps.push(second);
    await second.db.query(`UPDATE ${jobTable(second)} SET start_after = now() WHERE name = $1`, [BROADCAST_QUEUE]);
    const sent = await eventually(async () => (await api(second, 'GET', `/broadcasts/${b.id}`)).json(), (v) => v.status === 'sent', 15_000);
    expect(sent).toMatchObject({ status: 'sent', msgId: '1000000777' });
    expect(fake.callsTo(SENDALL)).toHaveLength(1);
    expect(fake.callsTo(SENDALL)[0]!.body).toMatchObject({ filter: { is_to_all: true }, text: { content: '明日停水通知' } });
  });

  it('when a scheduled broadcast needs approval then it waits unsent until approved, and sendAt in the past is refused', async () => {
    const t = apps[0]!;
    await api(t, 'PUT', '/broadcasts/settings', { approvalRequired: true, accountType: 'subscription' });
    const past = await api(t, 'POST', '/broadcasts', { audience: { all: true }, message: { type: 'text', content: 'x' }, sendAt: new Date(Date.now() - 60_000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.field).toBe('sendAt');
    const b = (await api(t, 'POST', '/broadcasts', { audience: { all: true }, message: { type: 'text', content: '周末活动' }, sendAt: new Date(Date.now() + 3600_000).toISOString() })).json();
    expect(b.status).toBe('pending_approval');
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM ${jobTable(t)} WHERE name = $1 AND data->>'broadcastId' = $2`, [BROADCAST_QUEUE, String(b.id)]);
    expect(rows[0].n).toBe(0);
    // The super-admin wrote it; a named admin approves.
    const approver = (await api(t, 'POST', '/operators', { name: '审核员', roles: ['admin'] })).json().token as string;
    const approved = await api(t, 'POST', `/broadcasts/${b.id}/approve`, undefined, approver);
    expect(approved.json().status).toBe('scheduled');
    const jobs = await t.db.query(`SELECT count(*)::int AS n FROM ${jobTable(t)} WHERE name = $1 AND data->>'broadcastId' = $2`, [BROADCAST_QUEUE, String(b.id)]);
    expect(jobs.rows[0].n).toBe(1);
    // A 公众号 (原订阅号) may 群发 once a day, and one went out today.
    expect((await api(t, 'GET', '/broadcasts/quota')).json()).toMatchObject({ accountType: 'subscription', period: 'day', limit: 1, used: 1, remaining: 0 });
  });
});
