import { WechatCrypto } from '../../src/wechat/crypto.js';
import { computeSignature } from '../../src/wechat/signature.js';

/** Webhook requests exactly as WeChat sends them: signed query, XML body. */

export const BENCH_TOKEN = 'benchtoken2024';
export const BENCH_APPID = 'wxbench000000000001';
export const BENCH_AES_KEY = 'BenchAesKey0123456789abcdefghijklmnopqrstuv';

export interface WebhookRequest {
  path: string;
  body: string;
}

const cdata = (v: string) => `<![CDATA[${v}]]>`;
const now = () => Math.floor(Date.now() / 1000);

/** 19-digit MsgIds (beyond 2^53, as WeChat's are), unique across the whole run. */
let seq = 0;
const MSG_ID_BASE = 7_300_000_000_000_000_000n;
export const nextSeq = () => ++seq;
export const msgIdOf = (n: number) => String(MSG_ID_BASE + BigInt(n));

export function textXml(content: string, from: string, msgId: string, createTime = now()): string {
  return `<xml><ToUserName>${cdata('gh_bench')}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${createTime}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content><MsgId>${msgId}</MsgId></xml>`;
}

export function clickXml(key: string, from: string, createTime = now()): string {
  return `<xml><ToUserName>${cdata('gh_bench')}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${createTime}</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata('CLICK')}</Event><EventKey>${cdata(key)}</EventKey></xml>`;
}

/**
 * Plaintext-mode query strings. WeChat signs timestamp+nonce only (not the body), so a
 * pool of signed pairs serves any body; the server checks each signature anyway.
 */
export class Signer {
  private readonly pool: Array<{ timestamp: string; nonce: string; query: string }> = [];
  constructor(private readonly token = BENCH_TOKEN) {
    const timestamp = String(now());
    for (let i = 0; i < 256; i++) {
      const nonce = String(100_000_000 + i * 7919);
      const signature = computeSignature([token, timestamp, nonce]);
      this.pool.push({ timestamp, nonce, query: `signature=${signature}&timestamp=${timestamp}&nonce=${nonce}` });
    }
  }

  plain(path: string, body: string, n: number): WebhookRequest {
    return { path: `${path}?${this.pool[n % this.pool.length]!.query}`, body };
  }

  /** 安全模式: the body holds only <Encrypt>; msg_signature covers it. */
  safe(path: string, xml: string, n: number, crypto: WechatCrypto): WebhookRequest {
    const { timestamp, nonce, query } = this.pool[n % this.pool.length]!;
    const encrypt = crypto.encrypt(xml);
    const msgSignature = computeSignature([this.token, timestamp, nonce, encrypt]);
    return {
      path: `${path}?${query}&encrypt_type=aes&msg_signature=${msgSignature}`,
      body: `<xml><ToUserName>${cdata('gh_bench')}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt></xml>`,
    };
  }
}

export const benchCrypto = () => new WechatCrypto(BENCH_AES_KEY, BENCH_APPID);
