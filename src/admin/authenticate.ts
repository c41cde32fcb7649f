import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { setActor } from '../audit/actor-context.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Metrics } from '../infra/metrics.js';
import { AppError } from '../lib/errors.js';
import { DEFAULT_ACCOUNT_ID } from '../wechat/account.js';
import { bearerAuth, operatorOf, type Operator } from './auth.js';
import { retryMessage, type AuthThrottle } from './auth-throttle.js';
import type { OperatorRepository } from './operators.repository.js';
import { csrfMatches, SESSION_COOKIE, type ConsoleSession, type ConsoleSessions } from './session.store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `public`: no authentication (sign-in); `session`: allowed while a password change is pending. */
    auth?: 'public' | 'session';
  }
  interface FastifyRequest {
    /** The console session, when the request was authenticated by the cookie. */
    consoleSession?: { id: string; session: ConsoleSession };
  }
}

export interface AuthenticateDeps {
  adminToken: string;
  /** The bootstrap super-admin's sign-in name. */
  adminUsername: string;
  operators: OperatorRepository;
  sessions: ConsoleSessions;
  /** Failed bearer tokens per address. */
  bearerThrottle: AuthThrottle;
  metrics: Metrics;
  audit: AuditRepository;
  log: Logger;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const notSignedIn = () => new AppError(401, 'UNAUTHORIZED', '未登录或登录已过期，请重新登录');

/**
 * Who is calling: a bearer token (ADMIN_TOKEN or an operator token) wins; otherwise the
 * console's session cookie, whose non-GET requests must carry the session's CSRF token
 * (SameSite=Strict already stops cross-site sends; the token also stops same-site ones).
 * Failed bearer tokens are throttled per address.
 */
export function authenticate(deps: AuthenticateDeps) {
  const bearer = bearerAuth(deps.adminToken, deps.operators);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const mode = request.routeOptions.config?.auth;
    if (mode === 'public') return;
    if (request.headers.authorization !== undefined) {
      const locked = await bearerOrThrottle(deps, bearer, request, reply);
      if (locked) return sendTooMany(reply, locked, '认证失败次数过多');
    } else {
      await fromSession(deps, request);
    }
    const op = request.operator;
    setActor({ id: op.id ?? null, name: op.name, accountId: op.homeAccountId ?? null });
    if (op.mustChangePassword && mode !== 'session') {
      throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED', '首次登录请先修改密码');
    }
  };
}

/** Undefined when authenticated; the unlock time when this address is locked out. */
async function bearerOrThrottle(deps: AuthenticateDeps, bearer: ReturnType<typeof bearerAuth>, request: FastifyRequest, reply: FastifyReply): Promise<Date | undefined> {
  const key = `bearer:addr:${request.ip}`;
  const locked = await deps.bearerThrottle.lockedUntil([key]);
  if (locked) {
    deps.metrics.authFailures.inc({ kind: 'bearer-locked' });
    return locked;
  }
  try {
    await bearer(request, reply);
  } catch (err) {
    if ((err as AppError).statusCode !== 401) throw err;
    deps.metrics.authFailures.inc({ kind: 'bearer' });
    deps.log.warn({ ip: request.ip, url: request.url.split('?')[0] }, 'admin API: invalid bearer token');
    const until = await deps.bearerThrottle.fail([key]);
    if (until) return until;
    throw err;
  }
  return undefined;
}

async function fromSession(deps: AuthenticateDeps, request: FastifyRequest) {
  const id = request.cookies?.[SESSION_COOKIE];
  const session = await deps.sessions.resolve(id);
  if (!id || !session) throw notSignedIn();
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(session, request.headers['x-csrf-token'])) {
    throw new AppError(403, 'CSRF_INVALID', '请求缺少有效的 CSRF 令牌（x-csrf-token），请刷新页面后重试');
  }
  const wanted = request.headers['x-account-id'];
  const account = typeof wanted === 'string' && wanted ? wanted : undefined;
  if (session.operatorId === null) {
    request.operator = bootstrapAdmin(deps.adminUsername);
    request.accountId = account ?? DEFAULT_ACCOUNT_ID;
  } else {
    const operator = await deps.operators.findById(session.operatorId);
    if (!operator) {
      await deps.sessions.destroy(id);
      throw notSignedIn();
    }
    if (account && account !== operator.accountId) {
      throw new AppError(403, 'FORBIDDEN', `操作员“${operator.name}”属于公众号“${operator.accountId}”，不能操作“${account}”`);
    }
    request.operator = operatorOf(operator);
    request.accountId = operator.accountId;
  }
  request.consoleSession = { id, session };
}

export const bootstrapAdmin = (username: string): Operator => ({ name: username, roles: ['admin'], superAdmin: true });

/** 429 with the time to retry: in the Chinese message, in `retryAt`, and in Retry-After. */
export function sendTooMany(reply: FastifyReply, until: Date, prefix: string): FastifyReply {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .send({ error: { code: 'TOO_MANY_ATTEMPTS', message: retryMessage(prefix, until) }, retryAt: until.toISOString(), retryAfterSeconds: seconds });
}
