import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { freshRandom } from './random-pool.js';

/**
 * Personal data (name, phone, ID number) at rest: AES-256-GCM with a random
 * 12-byte IV per value, stored as base64(iv ‖ tag ‖ ciphertext) with a "v1:"
 * prefix so the key can be rotated later. Lookups (per-person limits, "my
 * bookings") use a keyed hash, never the clear value.
 */
export class PiiCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('PII key must be 32 bytes');
  }

  encrypt(plain: string): string {
    const iv = freshRandom(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    if (!stored.startsWith('v1:')) throw new Error('unknown PII ciphertext version');
    const raw = Buffer.from(stored.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash (HMAC-SHA256) for equality lookups; `purpose` separates uses. */
  hash(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${value}`).digest('hex');
  }
}
