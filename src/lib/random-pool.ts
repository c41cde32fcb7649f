import { randomBytes } from 'node:crypto';

/**
 * Fresh random bytes cut from a pool drawn 4 KB at a time from the CSPRNG: one native
 * call per few hundred uses instead of one each (a 12-byte randomBytes call costs about
 * as much as the AES-GCM encryption it serves). Each slice is handed out once. A used-up
 * pool is replaced, never overwritten, so a slice stays valid; callers must not write to it.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

export function freshRandom(bytes: number): Buffer {
  if (bytes > POOL_BYTES) return randomBytes(bytes);
  if (offset + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const slice = pool.subarray(offset, offset + bytes);
  offset += bytes;
  return slice;
}
