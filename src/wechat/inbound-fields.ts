/**
 * Typed reads of parseXml's output for inbound.ts. Hostile XML can put an object or an
 * array where a string belongs (nested or repeated elements); that counts as missing.
 */

/** The push is not a well-formed WeChat message; the webhook answers 400. */
export class InboundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InboundError';
  }
}

export type Fields = Record<string, unknown>;

/** MsgId is a 64-bit integer: up to 20 digits, beyond 2^53, so it stays a string. */
const MSG_ID = /^\d{1,20}$/;
const UINT = /^\d{1,16}$/;
const DECIMAL = /^[-+]?\d+(\.\d+)?$/;
const MAX_CREATE_TIME = 2n ** 53n;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field's text; own properties only, so `constructor` & co. never leak in. */
export function str(f: Fields, name: string): string | undefined {
  const value = Object.hasOwn(f, name) ? f[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function required(f: Fields, name: string): string {
  const value = str(f, name);
  if (!value) throw new InboundError(`${name} is missing or not text`);
  return value;
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

/** A nested element's fields; {} when absent, empty or repeated. */
export function child(f: Fields, name: string): Fields {
  const value = Object.hasOwn(f, name) ? f[name] : undefined;
  return isRecord(value) ? value : {};
}

/** Coordinates and precision: plain decimals; anything else rejects the push. */
export function decimal(f: Fields, name: string): number {
  const value = str(f, name)?.trim();
  if (value === undefined || !DECIMAL.test(value)) throw new InboundError(`${name} is not a number`);
  return Number(value);
}

/** Job statistics: undefined when missing or malformed, for the caller's default. */
export function count(f: Fields, name: string): number | undefined {
  const value = str(f, name)?.trim();
  return value !== undefined && UINT.test(value) ? Number(value) : undefined;
}

/** Unix seconds: a non-negative integer ≤ 2^53. */
export function createTimeOf(f: Fields): number {
  const value = str(f, 'CreateTime')?.trim();
  // Compared as BigInt: Number('9007199254740993') rounds down to 2^53.
  if (value === undefined || !UINT.test(value) || BigInt(value) > MAX_CREATE_TIME) {
    throw new InboundError('CreateTime is not a non-negative integer ≤ 2^53');
  }
  return Number(value);
}

/** A valid MsgId, or undefined. */
export function optionalMsgId(f: Fields): string | undefined {
  const value = str(f, 'MsgId')?.trim();
  return value !== undefined && MSG_ID.test(value) ? value : undefined;
}

export function msgIdOf(f: Fields): string {
  const value = optionalMsgId(f);
  if (value === undefined) throw new InboundError('MsgId is missing or not an integer');
  return value;
}
