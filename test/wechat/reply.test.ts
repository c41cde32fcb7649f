import { describe, expect, it } from 'vitest';
import { renderEncryptedEnvelope, renderReply, stripIllegalXmlChars } from '../../src/wechat/reply.js';
import { TEXT_REPLY_MAX_BYTES, utf8Length } from '../../src/wechat/text.js';
import type { Reply } from '../../src/wechat/types.js';
import { parseXml } from '../../src/wechat/xml.js';
import { corpusJson, corpusText, LONE_SURROGATE, manifest } from './conformance.js';

type Fields = Record<string, unknown>;
const sub = (f: Fields, name: string) => f[name] as Fields;
const s = (f: Fields, name: string) => f[name] as string | undefined;

/** The Reply that each official template shows, read from the template itself. */
function replyOf(fields: Fields): Reply {
  switch (fields.MsgType) {
    case 'text':
      return { type: 'text', content: s(fields, 'Content') as string };
    case 'image':
      return { type: 'image', mediaId: s(sub(fields, 'Image'), 'MediaId') as string };
    case 'voice':
      return { type: 'voice', mediaId: s(sub(fields, 'Voice'), 'MediaId') as string };
    case 'video': {
      const v = sub(fields, 'Video');
      return { type: 'video', mediaId: s(v, 'MediaId') as string, title: s(v, 'Title'), description: s(v, 'Description') };
    }
    case 'music': {
      const m = sub(fields, 'Music');
      return {
        type: 'music',
        title: s(m, 'Title'),
        description: s(m, 'Description'),
        musicUrl: s(m, 'MusicUrl'),
        hqMusicUrl: s(m, 'HQMusicUrl'),
        thumbMediaId: s(m, 'ThumbMediaId') as string,
      };
    }
    case 'news': {
      const item = sub(sub(fields, 'Articles'), 'item');
      return {
        type: 'news',
        article: { title: s(item, 'Title') as string, description: s(item, 'Description'), picUrl: s(item, 'PicUrl'), url: s(item, 'Url') },
      };
    }
    case 'transfer_customer_service': {
      const info = fields.TransInfo as Fields | undefined;
      return info ? { type: 'transfer_customer_service', kfAccount: s(info, 'KfAccount') } : { type: 'transfer_customer_service' };
    }
    default:
      throw new Error(`no Reply for ${String(fields.MsgType)}`);
  }
}

const render = (reply: Reply) => renderReply(reply, 'oUser', 'gh_1', 1700000000);
const contentOf = (xml: string) => parseXml(xml).Content as string;

describe('renderReply against the official templates (conformance/replies)', () => {
  const templates = manifest.replies.filter((r) => r.kind === 'passive-reply-template');

  it('when the manifest is read then a template exists for every Reply type', () => {
    expect(new Set(templates.map((t) => t.MsgType))).toEqual(
      new Set(['text', 'image', 'voice', 'video', 'music', 'news', 'transfer_customer_service']),
    );
  });

  it.each(templates.map((t) => [t.file] as const))('when %s is rendered then it equals the template without inter-element whitespace', (file) => {
    const template = corpusText(file);
    const fields = parseXml(template);
    const xml = renderReply(replyOf(fields), s(fields, 'ToUserName') as string, s(fields, 'FromUserName') as string, Number(fields.CreateTime));
    expect(xml).toBe(template.trim().replace(/>\s+</g, '><'));
    expect(parseXml(xml)).toStrictEqual(fields);
  });

  it('when the ack bodies are read then they are "success" and empty (the webhook writes them, not renderReply)', () => {
    expect(corpusText('replies/ack-success.txt')).toBe('success');
    expect(corpusText('replies/ack-empty.txt')).toBe('');
  });
});

describe('renderReply details', () => {
  it('when optional fields are absent then their elements are left out', () => {
    expect(parseXml(render({ type: 'video', mediaId: 'm' })).Video).toStrictEqual({ MediaId: 'm' });
    expect(parseXml(render({ type: 'music', thumbMediaId: 't' })).Music).toStrictEqual({ ThumbMediaId: 't' });
    expect(parseXml(render({ type: 'news', article: { title: 'T' } })).Articles).toStrictEqual({ item: { Title: 'T' } });
    expect(parseXml(render({ type: 'transfer_customer_service' }))).not.toHaveProperty('TransInfo');
  });

  it('when the parties are given then ToUserName is the citizen and FromUserName the account', () => {
    expect(parseXml(render({ type: 'text', content: 'x' }))).toMatchObject({
      ToUserName: 'oUser',
      FromUserName: 'gh_1',
      CreateTime: '1700000000',
      MsgType: 'text',
    });
  });

  it.each([
    ']]>',
    'a]]>b',
    ']]]]>',
    ']]>]]>',
    'x]]',
    '<![CDATA[inner]]>',
  ])('when content contains %s then it round-trips through CDATA splitting', (content) => {
    const xml = render({ type: 'text', content });
    expect(contentOf(xml)).toBe(content);
    const title = parseXml(render({ type: 'news', article: { title: content, url: content } })).Articles as Fields;
    expect(sub(title, 'item')).toStrictEqual({ Title: content, Url: content });
  });

  it('when content holds characters illegal in XML 1.0 then they are stripped and the rest kept', () => {
    const dirty = 'a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg\ud800h\udc00i\ufffej\uffffk';
    expect(contentOf(render({ type: 'text', content: dirty }))).toBe('abcdefghijk');
    const kept = 'tab\tnl\ncr\r😀中\u00a0\ufffd';
    expect(stripIllegalXmlChars(kept)).toBe(kept);
    const image = renderReply({ type: 'image', mediaId: 'm\u0000' }, 'o\u0001U', 'gh\u0002', 1);
    expect(parseXml(image)).toMatchObject({ ToUserName: 'oU', FromUserName: 'gh', Image: { MediaId: 'm' } });
  });

  it('when stripping creates a "]]>" then it is still escaped', () => {
    expect(contentOf(render({ type: 'text', content: ']]\u0001>' }))).toBe(']]>');
  });

  it.each([
    ['3-byte CJK', '政'.repeat(700)],
    ['4-byte emoji', '😀'.repeat(600)],
    ['mixed ASCII and emoji, odd offset', `a${'😀'.repeat(600)}`],
  ])('when %s content is over 2048 bytes then Content is cut to ≤ 2048 bytes on a code point', (_case, content) => {
    const out = contentOf(render({ type: 'text', content }));
    expect(utf8Length(out)).toBeLessThanOrEqual(TEXT_REPLY_MAX_BYTES);
    expect(utf8Length(out)).toBeGreaterThan(TEXT_REPLY_MAX_BYTES - 8);
    expect(out.endsWith('…')).toBe(true);
    expect(content.startsWith(out.slice(0, -1))).toBe(true);
    expect(out).not.toMatch(LONE_SURROGATE);
  });

  it('when content is exactly 2048 bytes then it is kept whole', () => {
    const content = `${'中'.repeat(682)}ab`;
    expect(utf8Length(content)).toBe(2048);
    expect(contentOf(render({ type: 'text', content }))).toBe(content);
  });

  it('when content of exactly 2048 bytes contains "]]>" then the escaping does not count against the cap', () => {
    const content = `]]>${'中'.repeat(681)}ab`;
    expect(utf8Length(content)).toBe(2048);
    expect(contentOf(render({ type: 'text', content }))).toBe(content);
  });

  it('when createTime is not integer seconds then it throws RangeError', () => {
    expect(() => renderReply({ type: 'text', content: 'x' }, 'o', 'g', 1.5)).toThrow(RangeError);
    expect(() => renderReply({ type: 'text', content: 'x' }, 'o', 'g', -1)).toThrow(RangeError);
    expect(() => renderReply({ type: 'text', content: 'x' }, 'o', 'g', Date.now() * 1e6)).toThrow(RangeError);
  });
});

describe('renderEncryptedEnvelope', () => {
  interface ReplyVector {
    id: string;
    timestamp: string;
    nonce: string;
    source_states: { reply_json?: { Encrypt: string; MsgSignature: string; TimeStamp: number; Nonce: string } };
  }
  const { vectors } = corpusJson<{ vectors: ReplyVector[] }>('crypto-vectors.json');

  it('when the official reply example is wrapped then the four elements parse back to its values', () => {
    const v = vectors.find((x) => x.id === 'official-doc-debug_demo-reply') as ReplyVector;
    const json = v.source_states.reply_json as NonNullable<ReplyVector['source_states']['reply_json']>;
    const xml = renderEncryptedEnvelope(json.Encrypt, json.MsgSignature, String(json.TimeStamp), json.Nonce);
    expect(parseXml(xml)).toStrictEqual({
      Encrypt: json.Encrypt,
      MsgSignature: json.MsgSignature,
      TimeStamp: '1713424427',
      Nonce: '415670741',
    });
    expect(xml).toBe(
      `<xml>\n<Encrypt><![CDATA[${json.Encrypt}]]></Encrypt>\n` +
        `<MsgSignature><![CDATA[${json.MsgSignature}]]></MsgSignature>\n` +
        `<TimeStamp>1713424427</TimeStamp>\n<Nonce><![CDATA[415670741]]></Nonce>\n</xml>`,
    );
  });

  it('when a hostile nonce or timestamp is passed then the envelope stays well-formed', () => {
    const xml = renderEncryptedEnvelope('e', 's', '1<2&3', ']]><x>');
    expect(parseXml(xml)).toStrictEqual({ Encrypt: 'e', MsgSignature: 's', TimeStamp: '1<2&3', Nonce: ']]><x>' });
  });
});
