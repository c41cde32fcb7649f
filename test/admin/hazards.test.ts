import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHazard } from '../../src/admin/hazards.js';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';

describe('admin API: text PostgreSQL cannot store', () => {
  it('when a value or key holds NUL or an unpaired surrogate then its path is found; paired surrogates (emoji) are fine', () => {
    expect(findHazard({ name: 'ok', replies: [{ content: 'a\u0000b' }] })).toBe('replies[0].content');
    expect(findHazard({ deadlines: { ['x\ud800']: 1 } })).toBe('deadlines.x?');
    expect(findHazard(['fine', 'bad\udc00'])).toBe('[1]');
    expect(findHazard({ text: '举报👍🏻\u202e', n: 1, nested: [null, true] })).toBeUndefined();
    expect(findHazard('\ud83d')).toBe('');
  });

  describe('through the API', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(async () => t.close());

    it.each([
      ['PUT', '/admin/api/tickets/settings', { departments: ['城管\u0000'] }, 'departments[0]'],
      ['POST', '/admin/api/tickets/1/reply', { content: '答复\ud800' }, 'content'],
      ['POST', '/admin/api/keyword-rules', { name: 'x\u0000', keywords: [], replies: [], replyMode: 'all' }, 'name'],
      ['GET', '/admin/api/tickets?q=%00', undefined, 'q'],
    ])('when %s %s carries a hazard then 400 naming the field', async (method, url, payload, field) => {
      const res = await t.app.inject({ method: method as 'GET', url, headers: adminHeaders, ...(payload ? { payload } : {}) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION', field });
    });

    it('when an id is beyond what the database stores then 400, never 500', async () => {
      for (const id of ['2147483648', '9223372036854775808', '99999999999999999999']) {
        const res = await t.app.inject({ method: 'GET', url: `/admin/api/tickets/${id}`, headers: adminHeaders });
        expect(res.statusCode, id).toBeLessThan(500);
      }
    });
  });
});
