import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { WechatCrypto } from '../../src/wechat/crypto.js';
import { computeSignature } from '../../src/wechat/signature.js';
import { parseXml } from '../../src/wechat/xml.js';
import { TEST_AES_KEY, TEST_APPID, TEST_WECHAT_TOKEN } from './app.js';

let msgSeq = 7_000_000_000_000_000_000n;
/** A fresh 19-digit MsgId (beyond 2^53, as real ones are). */
export const nextMsgId = () => String(++msgSeq);

export function signedQuery(token = TEST_WECHAT_TOKEN, timestamp = String(Math.floor(Date.now() / 1000)), nonce = '123456789') {
  return { signature: computeSignature([token, timestamp, nonce]), timestamp, nonce };
}

const cdata = (v: string) => `<![CDATA[${v}]]>`;

export function textXml(content: string, options: { from?: string; msgId?: string; to?: string } = {}): string {
  return `<xml><ToUserName>${cdata(options.to ?? 'gh_test')}</ToUserName><FromUserName>${cdata(options.from ?? 'oCitizen0001')}</FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content><MsgId>${options.msgId ?? nextMsgId()}</MsgId></xml>`;
}

export function eventXml(event: string, fields: Record<string, string> = {}, options: { from?: string; createTime?: number } = {}): string {
  const extra = Object.entries(fields)
    .map(([k, v]) => `<${k}>${cdata(v)}</${k}>`)
    .join('');
  return `<xml><ToUserName>${cdata('gh_test')}</ToUserName><FromUserName>${cdata(options.from ?? 'oCitizen0001')}</FromUserName><CreateTime>${options.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata(event)}</Event>${extra}</xml>`;
}

export interface PostOptions {
  /** Send in safe mode (body holds only <Encrypt>). */
  safe?: boolean;
  /** Send in compatible mode (clear fields and <Encrypt>). */
  compat?: boolean;
  path?: string;
  token?: string;
  aesKey?: string;
  appId?: string;
}

export async function postWechat(app: FastifyInstance, xml: string, options: PostOptions = {}): Promise<LightMyRequestResponse> {
  const token = options.token ?? TEST_WECHAT_TOKEN;
  const query: Record<string, string> = signedQuery(token);
  let payload = xml;
  if (options.safe || options.compat) {
    const crypto = new WechatCrypto(options.aesKey ?? TEST_AES_KEY, options.appId ?? TEST_APPID);
    const encrypt = crypto.encrypt(xml);
    query.encrypt_type = 'aes';
    query.msg_signature = computeSignature([token, query.timestamp!, query.nonce!, encrypt]);
    payload = options.safe
      ? `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`
      : xml.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
  }
  return app.inject({ method: 'POST', url: options.path ?? '/wechat', query, payload, headers: { 'content-type': 'text/xml' } });
}

/** Parses a passive reply, decrypting a safe-mode envelope. */
export function readReply(body: string, options: { aesKey?: string; appId?: string } = {}): Record<string, unknown> {
  const outer = parseXml(body);
  if (typeof outer.Encrypt !== 'string') return outer;
  const crypto = new WechatCrypto(options.aesKey ?? TEST_AES_KEY, options.appId ?? TEST_APPID);
  return parseXml(crypto.decrypt(outer.Encrypt));
}
