import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyValueStore } from '../infra/kv/port.js';

/** The console's sign-in session as held in the store. */
export interface ConsoleSession {
  /** The operator's id; null for the bootstrap super-admin (ADMIN_USERNAME). */
  operatorId: number | null;
  csrf: string;
  /** Epoch ms after which the session is expired, pushed forward by every request (sliding). */
  idleUntil: number;
  createdAt: number;
}

export const SESSION_COOKIE = 'wz_session';

/** The store key of a session id: only its SHA-256 is used, so a store dump holds no usable cookie. */
export const sessionKey = (id: string) => `console-session:${createHash('sha256').update(id).digest('hex')}`;

const token = () => randomBytes(32).toString('base64url');

export function createConsoleSessions(kv: KeyValueStore, idleMinutes: number) {
  const idleMs = idleMinutes * 60_000;
  return {
    idleMs,
    async create(operatorId: number | null): Promise<{ id: string; session: ConsoleSession }> {
      const id = token();
      const now = Date.now();
      const session: ConsoleSession = { operatorId, csrf: token(), idleUntil: now + idleMs, createdAt: now };
      await kv.set(sessionKey(id), JSON.stringify(session), idleMs);
      return { id, session };
    },
    /** The live session of a cookie value, its idle deadline pushed forward; undefined when absent or expired. */
    async resolve(id: string | undefined): Promise<ConsoleSession | undefined> {
      if (!id || id.length > 100) return undefined;
      const raw = await kv.get(sessionKey(id));
      if (!raw) return undefined;
      const session = JSON.parse(raw) as ConsoleSession;
      const now = Date.now();
      if (session.idleUntil <= now) {
        await kv.del(sessionKey(id));
        return undefined;
      }
      session.idleUntil = now + idleMs;
      await kv.set(sessionKey(id), JSON.stringify(session), idleMs);
      return session;
    },
    async destroy(id: string | undefined): Promise<void> {
      if (id && id.length <= 100) await kv.del(sessionKey(id));
    },
  };
}

export type ConsoleSessions = ReturnType<typeof createConsoleSessions>;

export function csrfMatches(session: ConsoleSession, header: unknown): boolean {
  if (typeof header !== 'string' || header.length !== session.csrf.length) return false;
  return timingSafeEqual(Buffer.from(header), Buffer.from(session.csrf));
}
