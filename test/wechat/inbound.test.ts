import { describe, expect, it } from 'vitest';
import { dedupKey, InboundError, toInbound } from '../../src/wechat/inbound.js';
import { parseXml, XmlError } from '../../src/wechat/xml.js';
import { atPath, corpusJson, corpusText, manifest } from './conformance.js';
import { expectedInbound } from './inbound.expected.js';

/** A push with CDATA fields, as WeChat sends them (CreateTime and MsgId are usually bare; both parse the same). */
function push(fields: Record<string, string>, extra = ''): string {
  const body = Object.entries(fields)
    .map(([name, value]) => `<${name}><![CDATA[${value}]]></${name}>`)
    .join('');
  return `<xml>${body}${extra}</xml>`;
}
const common = { ToUserName: 'gh_1', FromUserName: 'oUser', CreateTime: '1700000000' };
const inbound = (xml: string) => toInbound(parseXml(xml));

describe('conformance corpus, inbound pushes', () => {
  it('when the manifest is read then every inbound file has an expectation here, and back', () => {
    expect(manifest.inbound.map((e) => e.file).sort()).toEqual(Object.keys(expectedInbound).sort());
  });

  it.each(manifest.inbound.map((e) => [e.file, e] as const))('when %s is parsed then every manifest value is verbatim', (file, entry) => {
    const fields = parseXml(corpusText(file));
    for (const [path, value] of Object.entries(entry.expect ?? {})) {
      expect(atPath(fields, path), path).toBe(value);
    }
    expect(fields.MsgType).toBe(entry.MsgType);
    if (entry.Event) expect(fields.Event).toBe(entry.Event);
  });

  it.each(manifest.inbound.map((e) => [e.file] as const))('when %s is translated then the typed message and dedup key match', (file) => {
    const expected = expectedInbound[file];
    const message = inbound(corpusText(file));
    expect(message).toStrictEqual(expected?.message);
    expect(dedupKey(message)).toBe(expected?.dedup);
  });

  it('when two messages carry the same de-dup key here then the manifest recommends the same key too', () => {
    const keys = manifest.inbound.map((e) => ({ ours: dedupKey(inbound(corpusText(e.file))), theirs: e.dedup?.key_recommended }));
    for (const a of keys) {
      for (const b of keys) expect(a.ours === b.ours, `${a.ours} vs ${b.ours}`).toBe(a.theirs === b.theirs);
    }
  });

  it('when pic_photo_or_album and pic_weixin share a CreateTime then their keys still differ', () => {
    const album = inbound(corpusText('inbound/events/pic_photo_or_album.xml'));
    const weixin = inbound(corpusText('inbound/events/pic_weixin.xml'));
    expect(album.createTime).toBe(weixin.createTime);
    expect(dedupKey(album)).not.toBe(dedupKey(weixin));
  });

  it('when a MsgId exceeds 2^53 then it stays the exact 19-digit string', () => {
    const message = inbound(corpusText('inbound/messages/text-real-decrypted.xml'));
    expect(message.kind === 'text' && message.msgId).toBe('6054768590064713728');
    expect(BigInt('6054768590064713728') > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('when a single PicList item is parsed then the raw field is an object and the typed field an array', () => {
    const fields = parseXml(corpusText('inbound/events/pic_sysphoto.xml'));
    expect(Array.isArray(atPath(fields, 'SendPicsInfo.PicList.item'))).toBe(false);
    const message = toInbound(fields);
    expect(message.kind === 'event' && message.event === 'pic_sysphoto' && message.picMd5Sums).toEqual(['1b5f7c23b5bf75682a53e7b6d163e185']);
  });

  it('when MASSSENDJOBFINISH repeats <item> then the raw field is an array', () => {
    const fields = parseXml(corpusText('inbound/events/masssendjobfinish.xml'));
    expect(atPath(fields, 'CopyrightCheckResult.ResultList.item')).toHaveLength(2);
  });

  it('when several PicList items arrive then every PicMd5Sum is kept in order', () => {
    const items = '<item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item>';
    const info = `<SendPicsInfo><Count>2</Count><PicList>${items}</PicList></SendPicsInfo>`;
    const xml = push({ ...common, MsgType: 'event', Event: 'pic_weixin', EventKey: 'k' }, info);
    expect(inbound(xml)).toMatchObject({ event: 'pic_weixin', count: 2, picMd5Sums: ['a', 'b'] });
  });
});

describe('conformance corpus, encrypted envelopes', () => {
  const crypto = corpusJson<{ vectors: { id: string; encrypt: string }[] }>('crypto-vectors.json');

  it.each(manifest.envelopes.map((e) => [e.file, e] as const))('when %s is parsed then its fields and Encrypt are verbatim', (file, entry) => {
    const fields = parseXml(corpusText(file));
    expect(fields).toMatchObject(entry.expect ?? {});
    const vector = crypto.vectors.find((v) => v.id === entry.crypto_vector);
    if (entry.kind === 'envelope') expect(fields.Encrypt).toBe(vector?.encrypt);
  });
});

describe('toInbound field rules', () => {
  it.each([
    ['CLICK', 'click'],
    ['click', 'click'],
    ['Click', 'click'],
    ['SCAN', 'scan'],
    ['VIEW', 'view'],
    ['SUBSCRIBE', 'subscribe'],
    ['UNSUBSCRIBE', 'unsubscribe'],
    ['TEMPLATESENDJOBFINISH', 'template_send_job_finish'],
    ['templatesendjobfinish', 'template_send_job_finish'],
    ['MASSSENDJOBFINISH', 'mass_send_job_finish'],
    ['SCANCODE_PUSH', 'scancode_push'],
  ])('when Event is %s then the event is %s', (raw, event) => {
    expect(inbound(push({ ...common, MsgType: 'event', Event: raw, EventKey: 'k' }))).toMatchObject({ kind: 'event', event });
  });

  it('when Event is LOCATION in any case then it is a location report, not a location message', () => {
    const extra = '<Latitude>23.1</Latitude><Longitude>113.2</Longitude><Precision>30</Precision>';
    for (const raw of ['LOCATION', 'location']) {
      expect(inbound(push({ ...common, MsgType: 'event', Event: raw }, extra))).toMatchObject({
        event: 'location_report',
        lat: 23.1,
        lng: 113.2,
        precision: 30,
      });
    }
  });

  it('when subscribe carries qrscene_ then the prefix is stripped; a bare or empty key gives no scene', () => {
    const subscribe = (key: string) => inbound(push({ ...common, MsgType: 'event', Event: 'subscribe', EventKey: key }));
    expect(subscribe('qrscene_abc_1')).toMatchObject({ scene: 'abc_1' });
    expect(subscribe('')).not.toHaveProperty('scene');
    expect(subscribe('qrscene_')).not.toHaveProperty('scene');
    expect(subscribe('other')).not.toHaveProperty('scene');
  });

  it('when MsgType is unknown then the kind is unknown and the raw type and MsgId are kept', () => {
    const message = inbound(push({ ...common, MsgType: 'device_text', MsgId: '42' }));
    expect(message).toStrictEqual({
      kind: 'unknown',
      rawType: 'device_text',
      msgId: '42',
      openId: 'oUser',
      accountUser: 'gh_1',
      createTime: 1700000000,
    });
    expect(dedupKey(message)).toBe('m:oUser:42');
    const noId = inbound(push({ ...common, MsgType: 'miniprogrampage', MsgId: 'x1' }));
    expect(noId).not.toHaveProperty('msgId');
    expect(dedupKey(noId)).toBe('u:oUser:1700000000:miniprogrampage');
  });

  it('when Event is unknown then the event is unknown with the raw name, key and a distinct dedup key', () => {
    const message = inbound(push({ ...common, MsgType: 'event', Event: 'user_get_card', EventKey: 'k1' }));
    expect(message).toMatchObject({ kind: 'event', event: 'unknown', rawEvent: 'user_get_card', key: 'k1' });
    expect(dedupKey(message)).toBe('e:oUser:1700000000:user_get_card:k1');
  });

  it('when unknown elements appear (EasyWeChat <URL>, MsgDataId, MediaId16K) then they are ignored', () => {
    const xml = push({ URL: 'http://x', ...common, MsgType: 'text', Content: 'hi', MsgId: '1', MsgDataId: 'xxxx', Idx: '1' });
    const expected = { kind: 'text', openId: 'oUser', accountUser: 'gh_1', createTime: 1700000000, msgId: '1', text: 'hi' };
    expect(inbound(xml)).toStrictEqual(expected);
  });

  it('when Content has spaces, newlines and CDATA-like text then it is kept verbatim', () => {
    const text = '  你好 \n <b>&amp; ';
    expect(inbound(push({ ...common, MsgType: 'text', Content: text, MsgId: '1' }))).toMatchObject({ text });
  });

  it('when a string field holds nested elements then it counts as missing, without a crash', () => {
    const xml =
      '<xml><ToUserName>gh_1</ToUserName><FromUserName>oUser</FromUserName><CreateTime>1</CreateTime>' +
      '<MsgType>text</MsgType><MsgId>1</MsgId><Content><a>x</a></Content></xml>';
    expect(inbound(xml)).toMatchObject({ kind: 'text', text: '' });
  });

  it('when element names collide with Object.prototype then nothing breaks', () => {
    const extra = '<constructor>x</constructor><__proto__>y</__proto__><toString>z</toString>';
    expect(inbound(push({ ...common, MsgType: 'text', Content: 'hi', MsgId: '1' }, extra))).toMatchObject({ kind: 'text', text: 'hi' });
    expect(inbound(push({ ...common, MsgType: 'event', Event: 'constructor' }))).toMatchObject({ event: 'unknown', rawEvent: 'constructor' });
    expect(inbound(push({ ...common, MsgType: 'toString', MsgId: '1' }))).toMatchObject({ kind: 'unknown', rawType: 'toString' });
  });
});

describe('toInbound rejects malformed pushes with InboundError', () => {
  const text = { ...common, MsgType: 'text', Content: 'hi', MsgId: '1' };
  const without = (name: keyof typeof text) => Object.fromEntries(Object.entries(text).filter(([k]) => k !== name));

  it.each([
    ['FromUserName is missing', push(without('FromUserName'))],
    ['FromUserName is empty', push({ ...text, FromUserName: '' })],
    ['ToUserName is missing', push(without('ToUserName'))],
    ['MsgType is missing', push(without('MsgType'))],
    ['CreateTime is missing', push(without('CreateTime'))],
    ['CreateTime is negative', push({ ...text, CreateTime: '-1' })],
    ['CreateTime is fractional', push({ ...text, CreateTime: '1.5' })],
    ['CreateTime is not a number', push({ ...text, CreateTime: 'abc' })],
    ['CreateTime exceeds 2^53', push({ ...text, CreateTime: '9007199254740993' })],
    ['MsgId is missing', push(without('MsgId'))],
    ['MsgId has a letter', push({ ...text, MsgId: '12a' })],
    ['MsgId is negative', push({ ...text, MsgId: '-1' })],
    ['MsgId has 21 digits', push({ ...text, MsgId: '123456789012345678901' })],
    ['FromUserName is repeated', push(text, '<FromUserName>other</FromUserName>')],
    ['FromUserName holds elements', push(without('FromUserName'), '<FromUserName><a>x</a></FromUserName>')],
    ['an event has no Event', push({ ...common, MsgType: 'event' })],
    ['a location has no coordinates', push({ ...common, MsgType: 'location', MsgId: '1', Label: 'x' })],
    [
      'a location has a non-numeric latitude',
      push({ ...common, MsgType: 'location', MsgId: '1', Location_X: '23a', Location_Y: '113', Scale: '1' }),
    ],
  ])('when %s', (_case, xml) => {
    expect(() => inbound(xml)).toThrow(InboundError);
  });

  it('when CreateTime is exactly 2^53 then it is still accepted', () => {
    expect(inbound(push({ ...text, CreateTime: '9007199254740992' })).createTime).toBe(2 ** 53);
  });

  it('when the fields are not an object at runtime then it throws InboundError', () => {
    expect(() => toInbound(null as unknown as Record<string, unknown>)).toThrow(InboundError);
  });
});

describe('parseXml', () => {
  const ok = push({ ...common, MsgType: 'text', Content: 'hi', MsgId: '1' });
  const nested = (levels: number) => `<xml>${'<a>'.repeat(levels - 1)}x${'</a>'.repeat(levels - 1)}</xml>`;

  it('when parsing then the result is returned synchronously, not as a promise', () => {
    const result = parseXml(ok);
    expect(result).not.toBeInstanceOf(Promise);
    expect(result.Content).toBe('hi');
  });

  it.each([
    ['a BOM, whitespace and an XML declaration', `\uFEFF \n<?xml version="1.0" encoding="UTF-8"?>\n${ok}\n`],
    ['nesting of exactly 8 levels', nested(8)],
    ['<!DOCTYPE inside CDATA (a citizen quoting HTML)', push({ ...common, MsgType: 'text', Content: '<!DOCTYPE html><!ENTITY x>', MsgId: '1' })],
    ['attributes (ignored)', '<xml a="1"><Content b="2">v</Content></xml>'],
  ])('when the body has %s then it parses', (_case, body) => {
    expect(() => parseXml(body)).not.toThrow();
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\t'],
    ['a DOCTYPE', `<!DOCTYPE xml [<!ENTITY lol "lol">]>${ok}`],
    ['a DOCTYPE after the declaration', `<?xml version="1.0"?><!DOCTYPE xml SYSTEM "file:///etc/passwd">${ok}`],
    ['an ENTITY inside the root', '<xml><!ENTITY lol "lol"><A>1</A></xml>'],
    ['a DOCTYPE inside the root', '<xml><!DOCTYPE x><A>1</A></xml>'],
    ['nesting of 9 levels', nested(9)],
    ['deep nesting of 10,000 levels', nested(10_000)],
    ['a truncated body', ok.slice(0, ok.length / 2)],
    ['an unclosed root', '<xml><A>1</A>'],
    ['an unterminated CDATA', '<xml><A><![CDATA[1</A></xml>'],
    ['a mismatched closing tag', '<xml><A>1</B></xml>'],
    ['an html root', '<html><A>1</A></html>'],
    ['a root named xmlfoo', '<xmlfoo><A>1</A></xmlfoo>'],
    ['JSON', '{"ToUserName":"gh_1"}'],
    ['text before the root', `hello${ok}`],
    ['text-only root', '<xml>text</xml>'],
    ['an empty root', '<xml></xml>'],
    ['a self-closing root', '<xml/>'],
    ['a second root', `${ok}<xml><A>1</A></xml>`],
    ['text after the root', `${ok}garbage`],
    ['a comment', '<xml><!-- c --><A>1</A></xml>'],
    ['a processing instruction', '<xml><?pi x?><A>1</A></xml>'],
    ['an undefined entity', '<xml><A>&lol;</A></xml>'],
  ])('when the body is %s then it throws XmlError', (_case, body) => {
    expect(() => parseXml(body)).toThrow(XmlError);
  });

  it('when the body is not a string at runtime then it throws XmlError', () => {
    expect(() => parseXml(undefined as unknown as string)).toThrow(XmlError);
  });
});
