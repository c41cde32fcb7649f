import { TEXT_REPLY_MAX_BYTES, truncateUtf8 } from './text.js';
import type { Article, Reply } from './types.js';

/**
 * Passive replies: the XML body of the HTTP response (wechat-protocol.md §6; templates in
 * the conformance corpus, replies/). Element names, order and CDATA-vs-bare follow the
 * official templates; whitespace between elements is left out. Built from template
 * strings: this runs on every answered push.
 */

/** Everything outside XML 1.0's Char production: C0 controls except \t \n \r, lone surrogates, U+FFFE, U+FFFF. */
const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** s without the characters an XML 1.0 document cannot contain, even escaped. */
export function stripIllegalXmlChars(s: string): string {
  return s.replace(ILLEGAL_XML_CHARS, '');
}

/** A CDATA section cannot contain `]]>`: it is closed after `]]` and `>` starts a new one. */
function cdataOf(safe: string): string {
  return `<![CDATA[${safe.includes(']]>') ? safe.replaceAll(']]>', ']]]]><![CDATA[>') : safe}]]>`;
}

function cdata(s: string): string {
  return cdataOf(stripIllegalXmlChars(s));
}

function escapeText(s: string): string {
  return stripIllegalXmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function element(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${cdata(value)}</${name}>`;
}

function articleItem(article: Article): string {
  return (
    '<item>' +
    element('Title', article.title) +
    element('Description', article.description) +
    element('PicUrl', article.picUrl) +
    element('Url', article.url) +
    '</item>'
  );
}

function body(reply: Reply): string {
  switch (reply.type) {
    case 'text': {
      const content = truncateUtf8(stripIllegalXmlChars(reply.content), TEXT_REPLY_MAX_BYTES);
      return `<Content>${cdataOf(content)}</Content>`;
    }
    case 'image':
      return `<Image>${element('MediaId', reply.mediaId)}</Image>`;
    case 'voice':
      return `<Voice>${element('MediaId', reply.mediaId)}</Voice>`;
    case 'video':
      return (
        '<Video>' +
        element('MediaId', reply.mediaId) +
        element('Title', reply.title) +
        element('Description', reply.description) +
        '</Video>'
      );
    case 'music':
      return (
        '<Music>' +
        element('Title', reply.title) +
        element('Description', reply.description) +
        element('MusicUrl', reply.musicUrl) +
        element('HQMusicUrl', reply.hqMusicUrl) +
        element('ThumbMediaId', reply.thumbMediaId) +
        '</Music>'
      );
    case 'news':
      // Exactly one article: the platform has shown only one since 2018-10.
      return `<ArticleCount>1</ArticleCount><Articles>${articleItem(reply.article)}</Articles>`;
    case 'transfer_customer_service':
      return reply.kfAccount === undefined ? '' : `<TransInfo>${element('KfAccount', reply.kfAccount)}</TransInfo>`;
    default: {
      const unhandled: never = reply;
      throw new TypeError(`unknown reply type ${(unhandled as { type: string }).type}`);
    }
  }
}

/**
 * The passive reply XML. The caller swaps the parties: toUser is the citizen's OpenID
 * (the push's FromUserName), fromUser the account's gh_ id (its ToUserName). createTime
 * is in Unix seconds. Text Content is cut to 2048 UTF-8 bytes; split long text beforehand.
 */
export function renderReply(reply: Reply, toUser: string, fromUser: string, createTime: number): string {
  if (!Number.isSafeInteger(createTime) || createTime < 0) {
    throw new RangeError(`createTime must be Unix seconds, got ${createTime}`);
  }
  return (
    `<xml><ToUserName>${cdata(toUser)}</ToUserName><FromUserName>${cdata(fromUser)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[${reply.type}]]></MsgType>${body(reply)}</xml>`
  );
}

/**
 * The 安全模式 reply envelope (§7.3). Laid out like wechatpy's, which the corpus holds
 * byte for byte (inbound/envelopes/encrypted-reply-wechatpy.xml).
 */
export function renderEncryptedEnvelope(
  encrypt: string,
  msgSignature: string,
  timestamp: string,
  nonce: string,
): string {
  return (
    `<xml>\n<Encrypt>${cdata(encrypt)}</Encrypt>\n<MsgSignature>${cdata(msgSignature)}</MsgSignature>\n` +
    `<TimeStamp>${escapeText(timestamp)}</TimeStamp>\n<Nonce>${cdata(nonce)}</Nonce>\n</xml>`
  );
}
