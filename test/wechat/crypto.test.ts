import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CryptoError, isValidEncodingAesKey, WechatCrypto } from '../../src/wechat/crypto.js';
import { renderEncryptedEnvelope } from '../../src/wechat/reply.js';
import { computeSignature, verifyMsgSignature, verifySignature } from '../../src/wechat/signature.js';
import { parseXml } from '../../src/wechat/xml.js';
import { corpusJson, corpusText } from './conformance.js';

interface CryptoVector {
  id: string;
  direction: 'inbound' | 'outbound' | 'url-verification' | 'outbound-aes-only';
  token: string;
  encodingAESKey: string;
  receiveId: string;
  timestamp?: string;
  nonce?: string;
  msg_signature?: string;
  encrypt?: string;
  random16?: string;
  plaintext?: string;
  query?: { signature: string };
  source_states?: {
    plaintext?: string;
    echo_plaintext?: string;
    fields?: Record<string, string>;
    cleartext_fields_in_body?: Record<string, string>;
    expected_encrypt?: string;
    expected_msg_signature?: string;
    expected_envelope_xml?: string;
    msg_len?: number;
    fullstr_bytes?: number;
    ciphertext_bytes?: number;
  };
  derived?: { plaintext: string; msg_len: number; pkcs7_pad_len: number; ciphertext_bytes: number };
}

interface EdgeCase {
  id: string;
  token: string;
  encodingAESKey?: string;
  receiveId?: string;
  random16?: string;
  plaintext?: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  msg_signature?: string;
  expect: unknown;
}

const corpus = corpusJson<{ vectors: CryptoVector[]; synthetic_edge_cases: { cases: EdgeCase[] } }>('crypto-vectors.json');
const edge = (id: string) => corpus.synthetic_edge_cases.cases.find((c) => c.id === id) as EdgeCase;
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const OFFICIAL_KEY = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const OFFICIAL_APPID = 'wxba5fad812f8e6fb9';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CryptoError);
    return (err as CryptoError).code;
  }
  throw new Error('expected a CryptoError');
}

describe('crypto-vectors.json, inbound and URL verification', () => {
  const decryptable = corpus.vectors.filter((v) => v.direction === 'inbound' || v.direction === 'url-verification');

  it.each(decryptable.map((v) => [v.id, v] as const))('when %s is decrypted then the plaintext is the stated one', (_id, v) => {
    const plain = new WechatCrypto(v.encodingAESKey, v.receiveId).decrypt(v.encrypt as string);
    expect(plain).toBe(v.derived?.plaintext);
    if (v.source_states?.plaintext) expect(plain).toBe(v.source_states.plaintext);
    if (v.source_states?.echo_plaintext) expect(plain).toBe(v.source_states.echo_plaintext);
    if (v.source_states?.msg_len !== undefined) expect(Buffer.byteLength(plain)).toBe(v.source_states.msg_len);
    expect(Buffer.byteLength(plain)).toBe(v.derived?.msg_len);
  });

  it.each(decryptable.map((v) => [v.id, v] as const))('when %s msg_signature is checked then it verifies', (_id, v) => {
    expect(
      verifyMsgSignature(v.token, v.timestamp as string, v.nonce as string, v.encrypt as string, v.msg_signature as string),
    ).toBe(true);
  });

  it.each(decryptable.filter((v) => v.source_states?.fields ?? v.source_states?.cleartext_fields_in_body).map((v) => [v.id, v] as const))(
    'when %s plaintext XML is parsed then the source-stated fields match',
    (_id, v) => {
      const fields = parseXml(new WechatCrypto(v.encodingAESKey, v.receiveId).decrypt(v.encrypt as string));
      expect(fields).toMatchObject(v.source_states?.fields ?? v.source_states?.cleartext_fields_in_body ?? {});
    },
  );

  it('when the official safe-mode URL also carries `signature` then it is the 3-parameter hash', () => {
    const v = corpus.vectors.find((x) => x.id === 'official-doc-debug_demo-inbound') as CryptoVector;
    expect(verifySignature(v.token, v.timestamp as string, v.nonce as string, v.query?.signature as string)).toBe(true);
    expect(Buffer.from(v.encrypt as string, 'base64')).toHaveLength(v.derived?.ciphertext_bytes as number);
  });
});

describe('crypto-vectors.json, outbound', () => {
  const outbound = corpus.vectors.filter((v) => v.direction === 'outbound' || v.direction === 'outbound-aes-only');

  it.each(outbound.map((v) => [v.id, v] as const))('when %s is encrypted with its random16 then the ciphertext is exact', (_id, v) => {
    const crypto = new WechatCrypto(v.encodingAESKey, v.receiveId);
    const encrypt = crypto.encrypt(v.plaintext as string, latin1(v.random16 as string));
    expect(encrypt).toBe(v.source_states?.expected_encrypt);
    expect(crypto.decrypt(encrypt)).toBe(v.plaintext);
    if (v.source_states?.ciphertext_bytes) expect(Buffer.from(encrypt, 'base64')).toHaveLength(v.source_states.ciphertext_bytes);
  });

  it.each(outbound.filter((v) => v.source_states?.expected_msg_signature).map((v) => [v.id, v] as const))(
    'when %s is signed then MsgSignature is exact',
    (_id, v) => {
      const signature = computeSignature([v.token, v.timestamp as string, v.nonce as string, v.source_states?.expected_encrypt as string]);
      expect(signature).toBe(v.source_states?.expected_msg_signature);
    },
  );

  it('when the wechatpy reply is wrapped then the envelope is byte-identical to the corpus', () => {
    const v = corpus.vectors.find((x) => x.id === 'wechatpy-work-encrypt-reply') as CryptoVector;
    const encrypt = new WechatCrypto(v.encodingAESKey, v.receiveId).encrypt(v.plaintext as string, latin1(v.random16 as string));
    const signature = computeSignature([v.token, v.timestamp as string, v.nonce as string, encrypt]);
    const envelope = renderEncryptedEnvelope(encrypt, signature, v.timestamp as string, v.nonce as string);
    expect(envelope).toBe(v.source_states?.expected_envelope_xml);
    expect(envelope).toBe(corpusText('inbound/envelopes/encrypted-reply-wechatpy.xml'));
  });

  it('when no random16 is given then each encryption differs and still decrypts', () => {
    const crypto = new WechatCrypto(OFFICIAL_KEY, OFFICIAL_APPID);
    const a = crypto.encrypt('<xml/>');
    const b = crypto.encrypt('<xml/>');
    expect(a).not.toBe(b);
    expect(crypto.decrypt(a)).toBe('<xml/>');
    expect(crypto.decrypt(b)).toBe('<xml/>');
  });

  it('when hundreds of replies are encrypted then every random prefix is new, across refills of the random pool', () => {
    const crypto = new WechatCrypto(OFFICIAL_KEY, OFFICIAL_APPID);
    const key = Buffer.from(`${OFFICIAL_KEY}=`, 'base64');
    const prefixes = new Set<string>();
    // 600 replies: the 4 KB pool holds 256 prefixes, so it is refilled twice.
    for (let i = 0; i < 600; i++) {
      const encrypted = crypto.encrypt(`<xml>${i}</xml>`);
      expect(crypto.decrypt(encrypted)).toBe(`<xml>${i}</xml>`);
      const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
      prefixes.add(decipher.update(Buffer.from(encrypted, 'base64')).subarray(0, 16).toString('hex'));
    }
    expect(prefixes.size).toBe(600);
  });
});

describe('synthetic edge cases', () => {
  it('when the content fills whole blocks then a full 32-byte pad block is added and stripped', () => {
    const c = edge('synthetic-full-block-padding');
    const crypto = new WechatCrypto(c.encodingAESKey as string, c.receiveId as string);
    expect(crypto.encrypt(c.plaintext as string, latin1(c.random16 as string))).toBe(c.encrypt);
    expect(crypto.decrypt(c.encrypt)).toBe(c.plaintext);
    const key = Buffer.from(`${c.encodingAESKey}=`, 'base64');
    const raw = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const plain = Buffer.concat([raw.update(Buffer.from(c.encrypt, 'base64')), raw.final()]);
    expect(plain).toHaveLength(96);
    expect([...plain.subarray(64)]).toEqual(new Array(32).fill(32));
    expect(verifyMsgSignature(c.token, c.timestamp, c.nonce, c.encrypt, c.msg_signature as string)).toBe(true);
  });

  it.each(['negative-bad-msg_signature', 'negative-signature-param-instead-of-msg_signature'])(
    'when %s is checked then msg_signature is rejected',
    (id) => {
      const c = edge(id);
      expect(verifyMsgSignature(c.token, c.timestamp, c.nonce, c.encrypt, c.msg_signature as string)).toBe(false);
    },
  );

  it('when the trailing appid differs from ours then decrypt fails with appid_mismatch', () => {
    const c = edge('negative-wrong-receiveId');
    expect(verifyMsgSignature(c.token, c.timestamp, c.nonce, c.encrypt, c.msg_signature as string)).toBe(true);
    expect(codeOf(() => new WechatCrypto(c.encodingAESKey as string, c.receiveId as string).decrypt(c.encrypt))).toBe('appid_mismatch');
  });

  it('when the ciphertext is truncated to 208 bytes then decrypt fails with bad_length', () => {
    const c = edge('negative-truncated-ciphertext');
    expect(Buffer.from(c.encrypt, 'base64')).toHaveLength(208);
    expect(codeOf(() => new WechatCrypto(c.encodingAESKey as string, OFFICIAL_APPID).decrypt(c.encrypt))).toBe('bad_length');
  });
});

describe('WechatCrypto on hostile input', () => {
  const crypto = new WechatCrypto(OFFICIAL_KEY, OFFICIAL_APPID);
  const key = Buffer.from(`${OFFICIAL_KEY}=`, 'base64');
  /** Encrypts raw bytes (already padded) the way WeChat would, to forge malformed plaintexts. */
  const forge = (plain: Buffer) => {
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  };
  const layout = (msg: Buffer, appId: string, declaredLength = msg.length) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(declaredLength);
    return Buffer.concat([Buffer.alloc(16, 7), length, msg, Buffer.from(appId)]);
  };
  const pad = (body: Buffer) => {
    const n = 32 - (body.length % 32);
    return Buffer.concat([body, Buffer.alloc(n, n)]);
  };

  it.each([
    ['not base64 at all', 'not base64!!', 'bad_base64'],
    ['base64 with a bad length', 'QUJD=', 'bad_base64'],
    ['base64 with padding in the middle', 'QQ==QUJD', 'bad_base64'],
    ['base64 with whitespace', 'QUJD QUJD', 'bad_base64'],
    ['empty', '', 'bad_length'],
    ['16 bytes (one AES block, half a WeChat block)', Buffer.alloc(16).toString('base64'), 'bad_length'],
    ['33 bytes', Buffer.alloc(33).toString('base64'), 'bad_length'],
  ])('when Encrypt is %s then decrypt fails with the right code', (_case, input, code) => {
    expect(codeOf(() => crypto.decrypt(input))).toBe(code);
  });

  it('when the pad byte is 0 or above 32 then decrypt fails with bad_padding', () => {
    const body = layout(Buffer.from('<xml/>'), OFFICIAL_APPID);
    const zero = Buffer.concat([body, Buffer.alloc(64 - body.length, 0)]);
    const big = Buffer.concat([body, Buffer.alloc(64 - body.length, 33)]);
    expect(codeOf(() => crypto.decrypt(forge(zero)))).toBe('bad_padding');
    expect(codeOf(() => crypto.decrypt(forge(big)))).toBe('bad_padding');
  });

  it('when the pad bytes disagree then decrypt fails with bad_padding', () => {
    const padded = pad(layout(Buffer.from('<xml/>'), OFFICIAL_APPID));
    padded[padded.length - 2] = 0;
    expect(codeOf(() => crypto.decrypt(forge(padded)))).toBe('bad_padding');
  });

  it('when the pad would eat the 20-byte header then decrypt fails with bad_padding', () => {
    expect(codeOf(() => crypto.decrypt(forge(Buffer.alloc(32, 32))))).toBe('bad_padding');
  });

  it('when the declared length overruns the content then decrypt fails with bad_msg_length', () => {
    const forged = forge(pad(layout(Buffer.from('<xml/>'), OFFICIAL_APPID, 0xffffffff)));
    expect(codeOf(() => crypto.decrypt(forged))).toBe('bad_msg_length');
  });

  it('when the appid is a prefix or extension of ours then decrypt fails with appid_mismatch', () => {
    expect(codeOf(() => crypto.decrypt(forge(pad(layout(Buffer.from('m'), OFFICIAL_APPID.slice(0, -1))))))).toBe('appid_mismatch');
    expect(codeOf(() => crypto.decrypt(forge(pad(layout(Buffer.from('m'), `${OFFICIAL_APPID}x`)))))).toBe('appid_mismatch');
  });

  it('when Encrypt is not a string at runtime then decrypt fails with bad_base64', () => {
    expect(codeOf(() => crypto.decrypt(undefined as unknown as string))).toBe('bad_base64');
    expect(codeOf(() => crypto.decrypt({} as unknown as string))).toBe('bad_base64');
  });

  it.each([
    ['42 characters', OFFICIAL_KEY.slice(1)],
    ['44 characters', `${OFFICIAL_KEY}A`],
    ['a + character', `${OFFICIAL_KEY.slice(1)}+`],
    ['empty', ''],
  ])('when EncodingAESKey has %s then the constructor fails with bad_key', (_case, key) => {
    expect(isValidEncodingAesKey(key)).toBe(false);
    expect(codeOf(() => new WechatCrypto(key, OFFICIAL_APPID))).toBe('bad_key');
  });

  it('when EncodingAESKey is 43 letters and digits then it is valid', () => {
    expect(isValidEncodingAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')).toBe(true);
  });

  it('when random16 is not 16 bytes then encrypt fails with a CryptoError', () => {
    expect(codeOf(() => crypto.encrypt('<xml/>', Buffer.alloc(15)))).toBe('bad_length');
  });
});

describe('round trip', () => {
  const cjkAndEmoji = fc.constantFrom('中', '文', '政', '务', '。', '😀', '👍🏽', '👨‍👩‍👧', '𠀋', 'é', '\n', ']]>', '<', '&');
  const text = fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), cjkAndEmoji), maxLength: 300 });

  it('when any well-formed string (CJK, emoji, astral) is encrypted then it decrypts to itself', () => {
    const crypto = new WechatCrypto('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wxb11529c136998cb6');
    fc.assert(
      fc.property(text, fc.uint8Array({ minLength: 16, maxLength: 16 }), (s, random) => {
        const encrypt = crypto.encrypt(s, Buffer.from(random));
        expect(Buffer.from(encrypt, 'base64').length % 32).toBe(0);
        expect(crypto.decrypt(encrypt)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});
