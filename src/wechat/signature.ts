import { hash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat request signatures (wechat-protocol.md §1, §7.1):
 * - `signature`     = sha1(sort([token, timestamp, nonce]))            on GET and every POST;
 * - `msg_signature` = sha1(sort([token, timestamp, nonce, Encrypt]))   when encrypt_type=aes.
 * Values are the URL-decoded query strings and the body's Encrypt text, used as-is.
 */

/**
 * WeChat always sends lowercase hex, and the official samples compare with `==`, so an
 * uppercase signature is rejected here too (signature-vectors.json#negative-uppercase-hex).
 */
const SIGNATURE = /^[0-9a-f]{40}$/;

/**
 * Lowercase hex SHA-1 of the parts, sorted as plain strings and concatenated. JS sorts by
 * UTF-16 code unit, which equals byte order for the ASCII values WeChat uses (tokens are
 * letters and digits, timestamps and nonces digits, Encrypt base64).
 */
export function computeSignature(parts: string[]): string {
  // One-shot hashing: no Hash object per request on the webhook's hot path.
  return hash('sha1', parts.slice().sort().join(''), 'hex');
}

function matches(parts: unknown[], presented: unknown): boolean {
  if (typeof presented !== 'string' || !SIGNATURE.test(presented)) return false;
  for (const part of parts) {
    // An empty token would make every signature forgeable; empty query values are malformed.
    if (typeof part !== 'string' || part === '') return false;
  }
  const expected = computeSignature(parts as string[]);
  return timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(presented, 'latin1'));
}

/** The 3-parameter `signature`. Constant-time; false (never a throw) on malformed input. */
export function verifySignature(token: string, timestamp: string, nonce: string, signature: string): boolean {
  return matches([token, timestamp, nonce], signature);
}

/** The 4-parameter `msg_signature` over the body's Encrypt text. Constant-time; false on malformed input. */
export function verifyMsgSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
  msgSignature: string,
): boolean {
  return matches([token, timestamp, nonce, encrypt], msgSignature);
}
