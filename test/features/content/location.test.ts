import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { nextMsgId, postWechat, readReply } from '../../helpers/wechat.js';
import { locationSelectXml, locationXml, place, post, say, tap } from './content-helpers.js';

const HERE = { lat: 30, lng: 120 };

/** The place names of a nearby list, in order, with their distance text. */
function nearby(content: string | undefined): Array<[string, string]> {
  return [...(content ?? '').matchAll(/^\d+\. (.+)（([\d.]+(?:米|公里))）$/gmu)].map((m) => [m[1]!, m[2]!]);
}

async function sendLocation(t: TestApp, from: string) {
  const res = await postWechat(t.app, locationXml(HERE.lat, HERE.lng, from, nextMsgId()));
  return res.body === 'success' ? undefined : (readReply(res.body).Content as string);
}

describe('nearby services: location messages and kind preferences', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const add = (payload: unknown, headers?: Record<string, string>) => post(t, '/admin/api/places', payload, headers);
    await add(place('第一医院', 'hospital', 30.001, 120)); // ≈111 m
    await add(place('政务大厅', 'hall', 30.003, 120)); // ≈334 m
    await add(place('实验小学', 'school', 30.005, 120)); // ≈556 m
    await add(place('第二医院', 'hospital', 30.02, 120)); // ≈2.2 km
    await add(place('体育中心', 'venue', 30.01, 120)); // ≈1.1 km
    await add(place('远郊大厅', 'hall', 30.03, 120)); // ≈3.3 km, sixth
    await add(place('未发布医院', 'hospital', 30.0005, 120, { status: 'draft' }));
    await add(place('市民热线', 'hotline', null, null, { phone: '12345' }));
    await post(t, '/admin/api/accounts', { id: 'other', name: '其他', appId: 'wx0000000000other', appSecret: 'secret-other', token: 'othertoken' });
    await add(place('别家医院', 'hospital', 30, 120), { 'x-account-id': 'other' });
  });
  afterAll(async () => t.close());

  it('when a citizen sends a location then the 5 nearest published places come back, nearest first, with distances', async () => {
    const list = nearby(await sendLocation(t, 'oLoc1'));
    expect(list).toEqual([
      ['第一医院', '111米'],
      ['政务大厅', '334米'],
      ['实验小学', '556米'],
      ['体育中心', '1.1公里'],
      ['第二医院', '2.2公里'],
    ]);
  });

  it('when a citizen asked for 附近医院 first then the location lists only hospitals', async () => {
    expect((await say(t, '附近医院', 'oLoc2')).Content).toContain('请发送您的位置');
    expect(nearby(await sendLocation(t, 'oLoc2')).map(([name]) => name)).toEqual(['第一医院', '第二医院']);
    // 附近 alone clears the preference.
    await say(t, '附近', 'oLoc2');
    expect(nearby(await sendLocation(t, 'oLoc2'))).toHaveLength(5);
  });

  it('when places:<kind> is tapped then the kind is remembered; a location_select event answers once, not again for its location message', async () => {
    expect((await tap(t, 'places:school', 'oLoc3')).Content).toContain('请发送您的位置');
    const event = await postWechat(t.app, locationSelectXml(HERE.lat, HERE.lng, 'oLoc3'));
    expect(nearby(readReply(event.body).Content as string)).toEqual([['实验小学', '556米']]);
    expect(await sendLocation(t, 'oLoc3')).toBeUndefined();
  });

  it('when places:hotline is tapped then hotlines (no coordinates) are listed with their numbers; an empty kind is answered politely', async () => {
    const hotlines = await tap(t, 'places:hotline', 'oLoc4');
    expect(hotlines.Content).toContain('市民热线');
    expect(hotlines.Content).toContain('12345');
    expect((await tap(t, 'places:library', 'oLoc4')).Content).toContain('暂无');
  });
});
