import fc from 'fast-check';

/**
 * Generators of hostile webhook bodies. Most start from a well-formed push and break
 * it (drop, replace, nest, truncate, corrupt), so many cases get past the XML scan
 * and exercise parsing, field translation, de-duplication and routing too.
 */

export type Body = string | Buffer;

const MSG_TYPES = ['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'event', 'TEXT', 'Event', 'device_text', 'miniprogrampage'];
const EVENTS = [
  'subscribe', 'unsubscribe', 'SCAN', 'LOCATION', 'CLICK', 'VIEW', 'view_miniprogram', 'scancode_push', 'scancode_waitmsg',
  'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select', 'TEMPLATESENDJOBFINISH', 'MASSSENDJOBFINISH', 'user_enter_tempsession',
];
const FIELDS = [
  'ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'MsgId', 'MsgID', 'MediaId', 'PicUrl', 'Format', 'Recognition',
  'ThumbMediaId', 'Location_X', 'Location_Y', 'Scale', 'Label', 'Title', 'Description', 'Url', 'Event', 'EventKey', 'Ticket',
  'Latitude', 'Longitude', 'Precision', 'MenuId', 'ScanCodeInfo', 'SendPicsInfo', 'SendLocationInfo', 'Status', 'TotalCount',
  'constructor', '__proto__', 'hasOwnProperty', 'Encrypt',
];

const huge = fc.oneof(
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom(
    '18446744073709551615', '18446744073709551616', '9223372036854775808', '9007199254740993', '99999999999999999999',
    '9'.repeat(400), '-1', '1e308', '0x1F', ' 123 ', '１２３', '٣٤٥', 'NaN', 'Infinity', '1.5', '', '0',
  ),
);

const nasty = fc.constantFrom(
  ']]>', '<![CDATA[', ']]]]><![CDATA[>', '&amp;', '&#0;', '&#x110000;', '&#xD800;', '&lt;script&gt;', '<', '>', '&', '\u0000',
  '\u0007', '\ufffe', '\uffff', '\ud800', '\udfff', '\u2028', '\u200b', '👨‍👩‍👧‍👦', '𠮷野家', "'; DROP TABLE keyword_rules; --",
  'keyword:办事指南', 'menu:../../etc', '%00', '\r\n\r\n', 'ＡＢＣ。', '  ', '\t',
);

export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }) },
  { weight: 2, arbitrary: nasty },
  { weight: 2, arbitrary: huge },
  { weight: 1, arbitrary: fc.array(nasty, { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
type Style = 'cdata' | 'escaped' | 'raw';
const render = (name: string, value: string, style: Style) =>
  `<${name}>${style === 'cdata' ? `<![CDATA[${value}]]>` : style === 'escaped' ? escape(value) : value}</${name}>`;

/** A well-formed push of a random type, as field → value (nested fields pre-rendered). */
const validFields = fc
  .record({
    msgType: fc.constantFrom(...MSG_TYPES),
    event: fc.constantFrom(...EVENTS),
    from: fc.oneof(fc.constant('oFuzzCitizen'), fc.stringMatching(/^o[A-Za-z0-9_-]{5,27}$/)),
    msgId: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map(String),
    createTime: fc.integer({ min: 0, max: 2 ** 31 }).map(String),
    content: fc.oneof(fc.constantFrom('办事指南', '你好', '1', '0', '退出', '菜单', '社保怎么交'), hostileValue),
  })
  .map((r) => {
    const f: Array<[string, string]> = [
      ['ToUserName', 'gh_fuzz'],
      ['FromUserName', r.from],
      ['CreateTime', r.createTime],
      ['MsgType', r.msgType],
    ];
    if (r.msgType.toLowerCase() === 'event') {
      f.push(['Event', r.event], ['EventKey', r.content], ['Latitude', '23.1'], ['Longitude', '113.2'], ['Precision', '50']);
    } else {
      f.push(['Content', r.content], ['MsgId', r.msgId], ['MediaId', 'm1'], ['Location_X', '23.1'], ['Location_Y', '113.2'], ['Scale', '15']);
    }
    return f;
  });

type Mutation =
  | { op: 'drop'; index: number }
  | { op: 'set'; index: number; value: string; style: Style }
  | { op: 'add'; name: string; value: string; style: Style }
  | { op: 'nest'; index: number; depth: number }
  | { op: 'repeat'; index: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), index: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), index: fc.nat(), value: hostileValue, style: fc.constantFrom<Style>('cdata', 'escaped', 'raw') }),
  fc.record({ op: fc.constant('add' as const), name: fc.constantFrom(...FIELDS), value: hostileValue, style: fc.constantFrom<Style>('cdata', 'escaped', 'raw') }),
  fc.record({ op: fc.constant('nest' as const), index: fc.nat(), depth: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('repeat' as const), index: fc.nat() }),
);

/** A push with 0–4 mutations (none in about half the cases), in CDATA or escaped text. */
export const mutatedPush: fc.Arbitrary<string> = fc
  .tuple(validFields, fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 4 })), fc.constantFrom<Style>('cdata', 'escaped'))
  .map(([fields, mutations, base]) => {
    const parts = fields.map(([name, value]) => render(name, value, base));
    for (const m of mutations) {
      const i = 'index' in m ? m.index % Math.max(parts.length, 1) : 0;
      if (m.op === 'drop') parts.splice(i, 1);
      else if (m.op === 'set' && parts.length) parts[i] = render(fields[i % fields.length]![0], m.value, m.style);
      else if (m.op === 'add') parts.push(render(m.name, m.value, m.style));
      else if (m.op === 'nest' && parts.length) parts[i] = '<a>'.repeat(m.depth) + parts[i] + '</a>'.repeat(m.depth);
      else if (m.op === 'repeat' && parts.length) parts.push(parts[i]!);
    }
    return `<xml>${parts.join('')}</xml>`;
  });

const prologue = fc.constantFrom('', '\ufeff', '  \n', '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="GBK"?>\n', '<?xml', '<?xml version="1.0"?><?xml version="1.0"?>');

const entityAttacks = fc.constantFrom(
  // Billion laughs.
  '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol3;</Content><MsgId>1</MsgId></xml>',
  // External entities (XXE): local file and remote URL.
  '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>2</MsgId></xml>',
  '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]><xml><Content>&xxe;</Content></xml>',
  '<!DOCTYPE xml [<!ENTITY % p SYSTEM "http://127.0.0.1:1/evil.dtd"> %p;]><xml></xml>',
  '<xml><!DOCTYPE x><Content>x</Content></xml>',
  // Undeclared and character entities without a DTD.
  '<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&xxe;&lol;</Content><MsgId>3</MsgId></xml>',
  '<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&#0;&#xD800;&#x110000;&#65;</Content><MsgId>4</MsgId></xml>',
  '<xml><!-- comment --><MsgType>text</MsgType></xml>',
  '<xml><?php echo 1; ?></xml>',
);

/** Nesting far beyond anything WeChat sends, closed or not. */
const deepNesting = fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.boolean(), fc.constantFrom('a', 'xml', 'Content', 'item')).map(
  ([depth, closed, tag]) => `<xml>${`<${tag}>`.repeat(depth)}x${closed ? `</${tag}>`.repeat(depth) : ''}</xml>`,
);

const truncated = fc.tuple(mutatedPush, fc.nat()).map(([xml, cut]) => xml.slice(0, cut % xml.length));

/** Bytes that are not UTF-8 (stray continuation bytes, overlongs, surrogates, > U+10FFFF) inside a field. */
const invalidUtf8: fc.Arbitrary<Body> = fc
  .tuple(mutatedPush, fc.array(fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xe0, 0xed, 0xa0, 0xf5, 0xf8, 0xfe, 0xff), { minLength: 1, maxLength: 12 }), fc.nat())
  .map(([xml, bytes, at]) => {
    const buf = Buffer.from(xml, 'utf8');
    const i = at % buf.length;
    return Buffer.concat([buf.subarray(0, i), Buffer.from(bytes), buf.subarray(i)]);
  });

export const hostileBody: fc.Arbitrary<Body> = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(prologue, mutatedPush).map(([p, x]) => p + x) },
  { weight: 2, arbitrary: truncated },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: entityAttacks },
  { weight: 2, arbitrary: invalidUtf8 },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2000 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'success', '<xml/>', '<xml></xml>', '<xml>', '</xml>', '<xml><xml></xml></xml>', '<XML></XML>', '<xml><MsgType>text</MsgType></xml><xml></xml>') },
);

/** How the body reaches the server: plaintext, or wrapped in the safe-mode envelope. */
export type Mode = 'plain' | 'safe' | 'safe-raw' | 'compat';
export const mode: fc.Arbitrary<Mode> = fc.constantFrom<Mode>('plain', 'plain', 'plain', 'safe', 'safe-raw', 'compat');

export const contentType = fc.constantFrom('text/xml', 'text/xml', 'application/xml', 'text/plain; charset=gbk', 'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x');
