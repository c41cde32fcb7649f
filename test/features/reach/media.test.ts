import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { api } from '../../helpers/reach.js';

const ADD = '/cgi-bin/material/add_material';
/** The smallest valid PNG (1×1). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function multipart(filename: string, contentType: string, data: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----weizhengtest';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { ...adminHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('media library (permanent material)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.fake.respond((call) => (call.path === ADD ? { json: { media_id: 'MEDIA_hall_photo_1', url: 'http://mmbiz.qpic.cn/demo/0' } } : undefined));
    let msgId = 1000000880;
    t.fake.respond((call) => (call.path === '/cgi-bin/message/mass/sendall' ? { json: { errcode: 0, msg_id: ++msgId } } : undefined));
  });
  afterAll(async () => t.close());

  it('when an image is uploaded then WeChat receives it as permanent image material and the list shows its mediaId, size and thumbnail', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/media', ...multipart('hall.png', 'image/png', PNG) });
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json() as { id: number; mediaId: string; size: number; kind: string; thumbnail: string };
    expect(item).toMatchObject({ mediaId: 'MEDIA_hall_photo_1', size: PNG.length, kind: 'image', thumbnail: `/admin/api/media/${item.id}/thumbnail` });
    const call = t.fake.callsTo(ADD).at(-1)!;
    expect(call.query.type).toBe('image');
    expect(String(call.body)).toContain('filename="hall.png"');
    const thumb = await t.app.inject({ method: 'GET', url: item.thumbnail, headers: adminHeaders });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.rawPayload.equals(PNG)).toBe(true);
    expect((await api(t, 'GET', '/media')).json().items.map((m: { mediaId: string }) => m.mediaId)).toEqual(['MEDIA_hall_photo_1']);
  });

  it('when material is used by a keyword rule then deleting it is refused naming the rule; unused, it is deleted on WeChat too', async () => {
    const [item] = (await api(t, 'GET', '/media')).json().items as Array<{ id: number; mediaId: string }>;
    const rule = await api(t, 'POST', '/keyword-rules', { name: '办事大厅照片', keywords: [{ text: '大厅照片', match: 'exact' }], replies: [{ type: 'image', mediaId: item!.mediaId }], replyMode: 'random' });
    expect(rule.statusCode, rule.body).toBe(201);
    const refused = await api(t, 'DELETE', `/media/${item!.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'MEDIA_IN_USE' });
    expect(refused.json().error.message).toContain('关键词规则“办事大厅照片”');
    expect((await api(t, 'GET', `/media/${item!.id}`)).json().usedBy).toEqual(['关键词规则“办事大厅照片”']);
    expect(t.fake.callsTo('/cgi-bin/material/del_material')).toHaveLength(0);

    await api(t, 'DELETE', `/keyword-rules/${rule.json().id}`);
    expect((await api(t, 'DELETE', `/media/${item!.id}`)).statusCode).toBe(204);
    expect(t.fake.callsTo('/cgi-bin/material/del_material').at(-1)!.body).toEqual({ media_id: 'MEDIA_hall_photo_1' });
  });

  it('when an image broadcast uses material then sendall carries its media_id; an mpnews broadcast goes through draft/add first', async () => {
    const image = (await api(t, 'POST', '/broadcasts', { audience: { all: true }, message: { type: 'image', mediaId: 'MEDIA_notice_2' } })).json();
    const imageSent = await api(t, 'POST', `/broadcasts/${image.id}/send`);
    expect(imageSent.statusCode, imageSent.body).toBe(200);
    expect(t.fake.callsTo('/cgi-bin/message/mass/sendall').at(-1)!.body).toMatchObject({ msgtype: 'image', images: { media_ids: ['MEDIA_notice_2'] } });

    t.fake.respond((call) => (call.path === '/cgi-bin/draft/add' ? { json: { media_id: 'DRAFT_MEDIA_9' } } : undefined));
    const news = (await api(t, 'POST', '/broadcasts', { audience: { all: true }, message: { type: 'mpnews', title: '政策解读', content: '<p>正文</p>', thumbMediaId: 'MEDIA_thumb_3' } })).json();
    const newsSent = await api(t, 'POST', `/broadcasts/${news.id}/send`);
    expect(newsSent.statusCode, newsSent.body).toBe(200);
    expect(t.fake.callsTo('/cgi-bin/draft/add').at(-1)!.body).toMatchObject({ articles: [{ title: '政策解读', content: '<p>正文</p>', thumb_media_id: 'MEDIA_thumb_3' }] });
    expect(t.fake.callsTo('/cgi-bin/message/mass/sendall').at(-1)!.body).toMatchObject({ msgtype: 'mpnews', mpnews: { media_id: 'DRAFT_MEDIA_9' } });
  });

  it('when a video is uploaded with its title and introduction then WeChat gets them as the description field', async () => {
    const boundary = '----weizhengvideo';
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const payload = Buffer.concat([
      Buffer.from(field('title', '办事指南视频') + field('introduction', '示例区政务服务中心介绍')),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="guide.mp4"\r\nContent-Type: video/mp4\r\n\r\n`),
      Buffer.from('not really a video'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/media', payload, headers: { ...adminHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'video', thumbnail: null });
    const call = t.fake.callsTo(ADD).at(-1)!;
    expect(call.query.type).toBe('video');
    expect(String(call.body)).toContain('{"title":"办事指南视频","introduction":"示例区政务服务中心介绍"}');
  });

  it('when a file of another type is uploaded then the 400 names the file', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/api/media', ...multipart('a.exe', 'application/octet-stream', Buffer.from('MZ')) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('file');
  });
});
