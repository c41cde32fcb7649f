import { timingSafeEqual } from 'node:crypto';
import type { PiiCipher } from './pii.js';

/**
 * Tokens for H5 links sent in chat: who the citizen is (their openId, encrypted) and
 * what the link opens, until it expires. Signed with the keyed hash of the PII key,
 * so a link cannot be forged or pointed at another ticket or poll.
 */
export interface LinkClaims {
  /** What the link opens, e.g. `ticket:acc:26070800012` or `poll:acc:12`. */
  subject: string;
  openId?: string;
  expiresAt: number;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

export function signLink(pii: PiiCipher, claims: LinkClaims): string {
  const body = b64(JSON.stringify({ s: claims.subject, o: claims.openId ? pii.encrypt(claims.openId) : undefined, e: Math.floor(claims.expiresAt / 1000) }));
  return `${body}.${pii.hash('h5-link', body)}`;
}

/** The claims of a valid, unexpired token for this subject; undefined otherwise. */
export function verifyLink(pii: PiiCipher, token: unknown, subject: string, now: number): LinkClaims | undefined {
  if (typeof token !== 'string' || token.length > 2000) return undefined;
  const [body, sig] = token.split('.');
  if (!body || !sig) return undefined;
  const expected = Buffer.from(pii.hash('h5-link', body));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { s?: string; o?: string; e?: number };
    if (data.s !== subject || typeof data.e !== 'number' || data.e * 1000 <= now) return undefined;
    return { subject, openId: data.o ? pii.decrypt(data.o) : undefined, expiresAt: data.e * 1000 };
  } catch {
    return undefined;
  }
}
