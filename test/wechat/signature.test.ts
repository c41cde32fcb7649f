import { describe, expect, it } from 'vitest';
import { computeSignature, verifyMsgSignature, verifySignature } from '../../src/wechat/signature.js';
import { corpusJson } from './conformance.js';

interface SignatureVector {
  id: string;
  kind: 'signature' | 'msg_signature' | 'sorted_sha1';
  params: { token: string; timestamp: string; nonce: string; encrypt?: string } | string[];
  expected?: string;
  presented_signature?: string;
  expect_valid?: boolean | 'implementation-defined';
  computed_for_reference?: string;
  source_states?: { sorted?: string[]; concatenated?: string };
}

const { vectors } = corpusJson<{ vectors: SignatureVector[] }>('signature-vectors.json');
type Params = Exclude<SignatureVector['params'], string[]>;

const partsOf = (v: SignatureVector) => {
  const p = v.params as Params;
  return v.kind === 'msg_signature' ? [p.token, p.timestamp, p.nonce, p.encrypt as string] : [p.token, p.timestamp, p.nonce];
};

function verify(v: SignatureVector, presented: string): boolean {
  const p = v.params as Params;
  return v.kind === 'msg_signature'
    ? verifyMsgSignature(p.token, p.timestamp, p.nonce, p.encrypt as string, presented)
    : verifySignature(p.token, p.timestamp, p.nonce, presented);
}

describe('signature-vectors.json', () => {
  it('when the corpus is loaded then it holds the 18 documented vectors', () => {
    expect(vectors).toHaveLength(18);
  });

  const positives = vectors.filter((v) => v.presented_signature === undefined);
  const negatives = vectors.filter((v) => v.presented_signature !== undefined);

  it.each(positives.map((v) => [v.id, v] as const))('when %s is computed then it equals the stated hash', (_id, v) => {
    const parts = Array.isArray(v.params) ? v.params : partsOf(v);
    expect(computeSignature(parts)).toBe(v.expected);
  });

  it.each(positives.filter((v) => v.kind !== 'sorted_sha1').map((v) => [v.id, v] as const))(
    'when %s is presented then it verifies',
    (_id, v) => {
      expect(verify(v, v.expected as string)).toBe(true);
    },
  );

  it.each(negatives.map((v) => [v.id, v] as const))('when %s is presented then it is rejected', (_id, v) => {
    // negative-uppercase-hex is "implementation-defined": we reject, as the official samples do.
    expect(verify(v, v.presented_signature as string)).toBe(false);
    if (v.computed_for_reference) expect(computeSignature(partsOf(v))).toBe(v.computed_for_reference);
  });

  it('when the official URL verification is sorted then the order and concatenation are the stated ones', () => {
    const v = vectors.find((x) => x.id === 'official-url-verification') as SignatureVector;
    const parts = partsOf(v).slice().sort();
    expect(parts).toEqual(v.source_states?.sorted);
    expect(parts.join('')).toBe(v.source_states?.concatenated);
  });
});

describe('verifySignature on odd input', () => {
  const token = 'AAAAA';
  const timestamp = '1714036504';
  const nonce = '1514711492';
  const good = 'f464b24fc39322e44b38aa78f5edd27bd1441696';

  it.each([
    ['empty', ''],
    ['one character short', good.slice(0, -1)],
    ['one character long', `${good}0`],
    ['non-hex of the right length', `${good.slice(0, -1)}g`],
    ['multi-byte characters', '中'.repeat(40)],
    ['a different valid hash', '0'.repeat(40)],
  ])('when the signature is %s then it is rejected without throwing', (_case, presented) => {
    expect(verifySignature(token, timestamp, nonce, presented)).toBe(false);
    expect(verifyMsgSignature(token, timestamp, nonce, 'x', presented)).toBe(false);
  });

  it('when any parameter is empty then it is rejected even with the matching hash', () => {
    expect(verifySignature('', timestamp, nonce, computeSignature(['', timestamp, nonce]))).toBe(false);
    expect(verifySignature(token, '', nonce, computeSignature([token, '', nonce]))).toBe(false);
    expect(verifySignature(token, timestamp, '', computeSignature([token, timestamp, '']))).toBe(false);
    expect(verifyMsgSignature(token, timestamp, nonce, '', computeSignature([token, timestamp, nonce, '']))).toBe(false);
  });

  it('when values are missing at runtime (undefined, null, numbers) then it returns false', () => {
    const loose = verifySignature as (...args: unknown[]) => boolean;
    const looseMsg = verifyMsgSignature as (...args: unknown[]) => boolean;
    expect(loose(token, timestamp, nonce, undefined)).toBe(false);
    expect(loose(undefined, timestamp, nonce, good)).toBe(false);
    expect(loose(token, 1714036504, nonce, good)).toBe(false);
    expect(looseMsg(token, timestamp, nonce, null, good)).toBe(false);
    expect(loose(token, timestamp, nonce, ['f464b24fc39322e44b38aa78f5edd27bd1441696'])).toBe(false);
  });

  it('when the parameters are passed in any order then the signature is the same', () => {
    expect(computeSignature([nonce, token, timestamp])).toBe(good);
    expect(computeSignature([timestamp, nonce, token])).toBe(good);
  });

  it('when computeSignature sorts then the caller array is left unchanged', () => {
    const parts = [token, timestamp, nonce];
    computeSignature(parts);
    expect(parts).toEqual([token, timestamp, nonce]);
  });
});
