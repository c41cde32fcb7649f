import { createCipheriv, createDecipheriv } from 'node:crypto';
import { freshRandom } from '../lib/random-pool.js';

/**
 * WXBizMsgCrypt, the message encryption of 兼容/安全模式 (wechat-protocol.md §7.2):
 * - AESKey = base64(EncodingAESKey + "="), 32 bytes; AES-256-CBC with IV = AESKey[0..16);
 * - plaintext = random(16) ‖ uint32 BE byte length of msg ‖ msg (UTF-8) ‖ appid;
 * - PKCS#7 padding to a multiple of 32 bytes (pad value 1..32, a whole block of 0x20
 *   when the length is already a multiple of 32), so OpenSSL padding is turned off.
 * WeCom uses the same layout with the CorpID in place of the AppID.
 */

export type CryptoErrorCode =
  | 'bad_key'
  | 'bad_base64'
  | 'bad_length'
  | 'bad_padding'
  | 'bad_msg_length'
  | 'appid_mismatch';

export class CryptoError extends Error {
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CryptoError';
  }
}

const BLOCK = 32;
const RANDOM_BYTES = 16;
const HEADER = RANDOM_BYTES + 4;
const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The MP console's rule for EncodingAESKey: exactly 43 letters or digits. */
export function isValidEncodingAesKey(key: string): boolean {
  return typeof key === 'string' && ENCODING_AES_KEY.test(key);
}

/** With padding off, final() returns nothing; skip the copy a concat would make. */
function joined(head: Buffer, tail: Buffer): Buffer {
  return tail.length === 0 ? head : Buffer.concat([head, tail]);
}

export class WechatCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly appId: Buffer;

  constructor(encodingAesKey: string, appId: string) {
    if (!isValidEncodingAesKey(encodingAesKey)) {
      throw new CryptoError('bad_key', 'EncodingAESKey must be exactly 43 letters or digits');
    }
    if (typeof appId !== 'string' || appId === '') throw new CryptoError('bad_key', 'appId is required');
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    this.iv = this.key.subarray(0, 16);
    this.appId = Buffer.from(appId, 'utf8');
  }

  /** The message inside an inbound `Encrypt`. Throws only CryptoError. */
  decrypt(encryptB64: string): string {
    if (typeof encryptB64 !== 'string' || encryptB64.length % 4 !== 0 || !BASE64.test(encryptB64)) {
      throw new CryptoError('bad_base64', 'Encrypt is not base64');
    }
    const cipherText = Buffer.from(encryptB64, 'base64');
    if (cipherText.length === 0 || cipherText.length % BLOCK !== 0) {
      throw new CryptoError('bad_length', `ciphertext of ${cipherText.length} bytes is not a multiple of ${BLOCK}`);
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
      plain = joined(decipher.update(cipherText), decipher.final());
    } catch {
      throw new CryptoError('bad_length', 'ciphertext could not be decrypted');
    }
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK || plain.length - pad < HEADER) {
      throw new CryptoError('bad_padding', `invalid PKCS#7 pad value ${pad}`);
    }
    const contentEnd = plain.length - pad;
    for (let i = contentEnd; i < plain.length; i++) {
      if (plain[i] !== pad) throw new CryptoError('bad_padding', 'inconsistent PKCS#7 padding bytes');
    }
    const msgLength = plain.readUInt32BE(RANDOM_BYTES);
    if (msgLength > contentEnd - HEADER) {
      throw new CryptoError('bad_msg_length', `message length ${msgLength} exceeds the decrypted content`);
    }
    const msgEnd = HEADER + msgLength;
    if (!plain.subarray(msgEnd, contentEnd).equals(this.appId)) {
      throw new CryptoError('appid_mismatch', 'the message was encrypted for another AppID');
    }
    return plain.toString('utf8', HEADER, msgEnd);
  }

  /** base64 ciphertext for an outbound `Encrypt`. `random16` is for tests; production draws fresh bytes. */
  encrypt(plainXml: string, random16: Buffer = freshRandom(RANDOM_BYTES)): string {
    if (random16.length !== RANDOM_BYTES) {
      throw new CryptoError('bad_length', `random prefix must be ${RANDOM_BYTES} bytes`);
    }
    // Laid out in one buffer: random ‖ length ‖ msg ‖ appid ‖ padding.
    const msgLength = Buffer.byteLength(plainXml, 'utf8');
    const contentLength = HEADER + msgLength + this.appId.length;
    const pad = BLOCK - (contentLength % BLOCK);
    const padded = Buffer.allocUnsafe(contentLength + pad);
    random16.copy(padded, 0);
    padded.writeUInt32BE(msgLength, RANDOM_BYTES);
    padded.write(plainXml, HEADER, 'utf8');
    this.appId.copy(padded, HEADER + msgLength);
    padded.fill(pad, contentLength);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return joined(cipher.update(padded), cipher.final()).toString('base64');
  }
}
