import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedType } from '../../src/features/tickets/attachment-type.js';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { admin, citizen } from '../features/tickets/helpers.js';

/**
 * Issue 15, finding 12: attachments were served with whatever Content-Type the upstream
 * answer carried, so an HTML or SVG "photo" would run in the console's origin.
 */
const UPSTREAM: Record<string, { type: string; body: string }> = {
  'media-jpeg': { type: 'image/jpeg', body: '\xff\xd8\xff\xe0jpeg' },
  'media-png-charset': { type: 'IMAGE/PNG; charset=binary', body: '\x89PNG' },
  'media-html': { type: 'text/html; charset=utf-8', body: '<script>alert(document.cookie)</script>' },
  'media-svg': { type: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>' },
  'media-none': { type: 'application/x-unknown', body: '<html><script>alert(2)</script></html>' },
};

describe('ticket attachments are served by an allow-list of types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('when upstream types are images, HTML, SVG or unknown then images show inline and everything else downloads as octet-stream, all with nosniff', async () => {
    t.fake.respond((call) => {
      const media = call.path === '/cgi-bin/media/get' ? UPSTREAM[call.query.media_id ?? ''] : undefined;
      return media && { body: Buffer.from(media.body, 'latin1'), contentType: media.type };
    });
    const c = citizen(t, 'oAttachTypes1');
    await c.say('我要投诉');
    await c.say('附件类型检查');
    for (const mediaId of Object.keys(UPSTREAM)) expect(await c.image(mediaId)).toContain('张照片');
    await c.say('完成');
    await c.say('1');
    const ticketNo = /工单号：(\d{11})/.exec(await c.say('1'))?.[1];
    expect(ticketNo).toBeDefined();
    const a = admin(t);
    const detail = (await a.get(`/tickets/${await a.idOf(ticketNo!)}`)).body as { attachmentList: Array<{ url: string }> };
    expect(detail.attachmentList).toHaveLength(5);
    const served = [];
    for (const { url } of detail.attachmentList) {
      const res = await t.app.inject({ method: 'GET', url, headers: adminHeaders });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      served.push([res.headers['content-type'], res.headers['content-disposition']?.toString().split(';')[0]]);
    }
    expect(served).toEqual([
      ['image/jpeg', undefined],
      ['image/png', undefined],
      ['application/octet-stream', 'attachment'],
      ['application/octet-stream', 'attachment'],
      ['application/octet-stream', 'attachment'],
    ]);
  });

  it('when any other route answers (JSON, 404, health) then it says nosniff too', async () => {
    for (const url of ['/healthz', '/admin/api/tickets', '/no-such-route']) {
      const res = await t.app.inject({ method: 'GET', url, headers: adminHeaders });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('when voice types arrive then they play inline', () => {
    expect(servedType('audio/amr', 1)).toEqual({ contentType: 'audio/amr' });
    expect(servedType('audio/mpeg', 1)).toEqual({ contentType: 'audio/mpeg' });
    expect(servedType('audio/speex', 1)).toEqual({ contentType: 'audio/speex' });
    expect(servedType('video/mp4', 7)).toEqual({ contentType: 'application/octet-stream', disposition: 'attachment; filename="attachment-7.bin"' });
  });
});
