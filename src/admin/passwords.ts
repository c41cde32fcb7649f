import { createHash, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { badRequest } from '../lib/errors.js';

/**
 * Console passwords: argon2id (the library's default algorithm) with its default
 * cost (19 MiB, 2 passes), OWASP's recommended minimum.
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the time of one verification, so an unknown username answers as slowly as a wrong password. */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('weizheng-timing-equaliser');
  await verifyPassword(await dummy, password);
}

const digest = (value: string) => createHash('sha256').update(value).digest();
/** Constant-time comparison of a typed password with a configured one (the bootstrap admin). */
export const samePassword = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
export const passwordSchema = { type: 'string', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX } as const;

/**
 * ASCII letters, digits, ".", "_" and "-" only: no Cyrillic "а" passing for a Latin "a",
 * no full-width or invisible characters. Compared case-insensitively.
 */
export const USERNAME_PATTERN = '^[A-Za-z0-9._-]{3,32}$';
export const usernameSchema = { type: 'string', minLength: 3, maxLength: 32 } as const;

/** Refuses a username that is not plain ASCII or that could be taken for the bootstrap admin. */
export function checkUsername(username: string, bootstrapAdmin: string): string {
  if (!new RegExp(USERNAME_PATTERN).test(username)) {
    throw badRequest('username', '用户名只能使用英文字母、数字和 . _ -，长度 3–32 个字符');
  }
  const lower = username.toLowerCase();
  if (lower === bootstrapAdmin.toLowerCase() || lower === 'admin') {
    throw badRequest('username', `用户名“${username}”保留给超级管理员，请换一个`);
  }
  return username;
}
