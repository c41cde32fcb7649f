import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { admin } from './helpers.js';

describe('tickets: demo content', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  it('when the demo is loaded then deadlines, departments and three sample hotline tickets are there, in their demo states', async () => {
    const a = admin(t);
    const settings = (await a.get('/tickets/settings')).body;
    expect(settings.deadlines).toEqual({ 咨询: 2, 求助: 10, 建议: 10, 投诉: 15, 举报: 15, 应急: 0 });
    expect(settings.departments).toContain('示例区城市管理和综合执法局');
    const items = (await a.get('/tickets')).body.items as Array<{ category: string; status: string; department: string | null; channel: string }>;
    const byCategory = Object.fromEntries(items.map((i) => [i.category, i]));
    expect(items).toHaveLength(3);
    expect(byCategory.咨询).toMatchObject({ status: 'closed', channel: 'hotline' });
    expect(byCategory.投诉).toMatchObject({ status: 'dispatched', department: '示例区城市管理和综合执法局' });
    expect(byCategory.建议).toMatchObject({ status: 'accepted' });
  });

  it('when the demo is loaded a second time then no ticket is added', async () => {
    const second = await createTestApp({ shareWith: t, env: { SEED_DEMO: 'true' } });
    try {
      expect((await admin(second).get('/tickets')).body.total).toBe(3);
    } finally {
      await second.close();
    }
  });
});
