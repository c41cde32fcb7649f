import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { citizen, operatorHeaders } from '../tickets/helpers.js';

describe('intents: operators edit them through /admin/api/intents', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = adminHeaders) =>
    t.app.inject({ method, url: `/admin/api${url}`, headers, ...(payload ? { payload } : {}) });

  it('when an intent is created, changed, disabled and deleted then citizens see each change at once', async () => {
    const c = citizen(t, 'oAdminIntent');
    const created = await call('POST', '/intents', { name: '问候', phrases: [{ text: '小助手早', match: 'exact' }], action: 'reply:您好！请问有什么可以帮您？' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    expect(created.json()).toMatchObject({ name: '问候', priority: 70, enabled: true });
    expect(await c.say('小助手早')).toBe('您好！请问有什么可以帮您？');

    const put = await call('PUT', `/intents/${id}`, { name: '问候', phrases: [{ text: '小助手早', match: 'exact' }], action: 'reply:在的，请讲。' });
    expect(put.statusCode).toBe(200);
    expect(await c.say('小助手早')).toBe('在的，请讲。');

    expect((await call('PATCH', `/intents/${id}`, { enabled: false })).json().enabled).toBe(false);
    expect(await c.say('小助手早')).not.toBe('在的，请讲。');

    const named = ((await call('GET', '/intents')).json().items as Array<{ name: string }>).filter((i) => i.name === '问候');
    expect(named).toHaveLength(1);
    expect((await call('GET', `/intents/${id}`)).json().action).toBe('reply:在的，请讲。');
    expect((await call('DELETE', `/intents/${id}`)).statusCode).toBe(204);
    expect((await call('GET', `/intents/${id}`)).statusCode).toBe(404);
  });

  it('when the body is wrong then a 400 names the field and nothing is stored', async () => {
    const before = (await call('GET', '/intents')).json().items.length as number;
    const noPhrases = await call('POST', '/intents', { name: '空', phrases: [], action: 'menu:main' });
    expect(noPhrases.statusCode).toBe(400);
    expect(noPhrases.json().error.field).toContain('phrases');
    const badAction = await call('POST', '/intents', { name: '坏动作', phrases: [{ text: '测试', match: 'exact' }], action: '打开菜单' });
    expect(badAction.statusCode).toBe(400);
    expect(badAction.json().error.field).toBe('action');
    const punctuation = await call('POST', '/intents', { name: '标点', phrases: [{ text: '？！', match: 'contains' }], action: 'menu:main' });
    expect(punctuation.json().error.field).toBe('phrases[0].text');
    const regex = await call('POST', '/intents', { name: '正则', phrases: [{ text: '.*', match: 'regex' }], action: 'menu:main' });
    expect(regex.statusCode).toBe(400);
    expect((await call('GET', '/intents')).json().items).toHaveLength(before);
  });

  it('when a name is taken then a 400 names the name field', async () => {
    const body = { name: '同名', phrases: [{ text: '同名测试', match: 'exact' }], action: 'menu:main' };
    expect((await call('POST', '/intents', body)).statusCode).toBe(201);
    const again = await call('POST', '/intents', body);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.field).toBe('name');
  });

  it('when an editor manages intents then it is allowed, and a handler is refused', async () => {
    const editor = await operatorHeaders(t, '意图编辑', ['editor']);
    const handler = await operatorHeaders(t, '意图办理', ['handler'], '示例区住房和城乡建设局');
    expect((await call('GET', '/intents', undefined, editor)).statusCode).toBe(200);
    expect((await call('GET', '/intents', undefined, handler)).statusCode).toBe(403);
  });
});

describe('intents: every account starts with the core set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('when an account without demo content is first used then emergencies and small talk answer; a deleted one stays deleted until the defaults are loaded again', async () => {
    const c = citizen(t, 'oDefaults');
    expect(await c.say('谢谢')).toContain('不客气');

    const items = (await t.app.inject({ method: 'GET', url: '/admin/api/intents', headers: adminHeaders })).json().items as Array<{ id: number; name: string }>;
    const thanks = items.find((i) => i.name === '寒暄·感谢')!;
    expect((await t.app.inject({ method: 'DELETE', url: `/admin/api/intents/${thanks.id}`, headers: adminHeaders })).statusCode).toBe(204);
    expect(await c.say('谢谢')).not.toContain('不客气');

    const reloaded = await t.app.inject({ method: 'POST', url: '/admin/api/intents/defaults', headers: adminHeaders });
    expect(reloaded.statusCode).toBe(200);
    expect(reloaded.json().added).toBe(1);
    expect(await c.say('谢谢')).toContain('不客气');
    const again = await t.app.inject({ method: 'POST', url: '/admin/api/intents/defaults', headers: adminHeaders });
    expect(again.json().added).toBe(0);
    expect((await c.say('着火了')).split('\n')[0]).toContain('119');
  });
});
