import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Metrics } from '../infra/metrics.js';
import { AppError, badRequest } from '../lib/errors.js';
import { DEFAULT_ACCOUNT_ID } from '../wechat/account.js';
import { operatorOf, type Operator } from './auth.js';
import type { AuthThrottle } from './auth-throttle.js';
import { bootstrapAdmin, notSignedIn, sendTooMany } from './authenticate.js';
import type { OperatorRecord, OperatorRepository } from './operators.repository.js';
import { burnVerification, hashPassword, passwordSchema, samePassword, verifyPassword } from './passwords.js';
import { noContentSchema, sessionViewSchema } from './admin.responses.js';
import { SESSION_COOKIE, type ConsoleSession, type ConsoleSessions } from './session.store.js';

export interface SessionRouteDeps {
  adminUsername: string;
  adminPassword: string;
  /** Cookies get `Secure` when the public base URL is https. */
  secureCookies: boolean;
  operators: OperatorRepository;
  sessions: ConsoleSessions;
  /** Failed sign-ins per username and per address. */
  loginThrottle: AuthThrottle;
  audit: AuditRepository;
  metrics: Metrics;
  log: Logger;
}

const loginSchema = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

const passwordChangeSchema = {
  type: 'object',
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
  properties: { currentPassword: { type: 'string', minLength: 1, maxLength: 256 }, newPassword: passwordSchema },
} as const;

interface Who {
  operator: Operator;
  accountId: string;
  username: string | null;
}

const view = ({ operator, accountId, username }: Who, session: ConsoleSession | undefined) => ({
  operator: {
    id: operator.id ?? null,
    username,
    name: operator.name,
    roles: operator.roles,
    department: operator.department ?? null,
    accountId,
    superAdmin: operator.superAdmin === true,
    mustChangePassword: operator.mustChangePassword === true,
  },
  csrfToken: session?.csrf ?? null,
});

const whoOf = (record: OperatorRecord): Who => ({ operator: operatorOf(record), accountId: record.accountId, username: record.username });

/** Console sign-in: POST /auth/login, POST /auth/logout, GET /auth/me, POST /auth/password. */
export async function sessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): Promise<void> {
  const tags = ['auth'];
  const cookieOptions = { path: '/admin/api', httpOnly: true, sameSite: 'strict' as const, secure: deps.secureCookies };
  const setCookie = (reply: FastifyReply, id: string) => reply.setCookie(SESSION_COOKIE, id, cookieOptions);

  app.post<{ Body: { username: string; password: string } }>(
    '/auth/login',
    { schema: { tags, summary: '登录（用户名 + 密码）', body: loginSchema, response: { 200: sessionViewSchema } }, config: { auth: 'public' } },
    async (request, reply) => {
      const { username, password } = request.body;
      const keys = [`login:user:${username.toLowerCase()}`, `login:addr:${request.ip}`];
      const locked = await deps.loginThrottle.lockedUntil(keys);
      if (locked) {
        deps.metrics.authFailures.inc({ kind: 'login-locked' });
        return sendTooMany(reply, locked, '登录失败次数过多');
      }
      const who = await check(deps, username, password);
      if (!who) {
        deps.metrics.authFailures.inc({ kind: 'login' });
        request.log.warn({ ip: request.ip, username: username.slice(0, 32) }, 'console sign-in failed');
        const until = await deps.loginThrottle.fail(keys);
        await deps.audit.record({ accountId: null, actor: username.slice(0, 64), actorId: null, actorAccount: null, action: 'login-failed', resource: 'session', detail: { ip: request.ip, locked: Boolean(until) } });
        if (until) return sendTooMany(reply, until, '登录失败次数过多');
        throw new AppError(401, 'INVALID_CREDENTIALS', '用户名或密码错误');
      }
      await deps.loginThrottle.clear(keys[0]!);
      const { id, session } = await deps.sessions.create(who.operator.id ?? null);
      await deps.audit.record({ accountId: who.accountId, actor: who.operator.name, actorId: who.operator.id ?? null, actorAccount: who.operator.homeAccountId ?? null, action: 'login', resource: 'session', detail: { ip: request.ip } });
      setCookie(reply, id);
      return view(who, session);
    },
  );

  app.post('/auth/logout', { schema: { tags, summary: '退出登录', response: { 204: noContentSchema } }, config: { auth: 'public' } }, async (request, reply) => {
    await deps.sessions.destroy(request.cookies?.[SESSION_COOKIE]);
    return reply.clearCookie(SESSION_COOKIE, cookieOptions).code(204).send();
  });

  app.get('/auth/me', { schema: { tags, summary: '当前登录的操作员与 CSRF 令牌', response: { 200: sessionViewSchema } }, config: { auth: 'session' } }, async (request) => {
    return view(await current(deps, request), request.consoleSession?.session);
  });

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/auth/password',
    { schema: { tags, summary: '修改自己的密码', body: passwordChangeSchema, response: { 200: sessionViewSchema } }, config: { auth: 'session' } },
    async (request, reply) => {
      const id = request.operator.id;
      if (id === undefined) throw badRequest('newPassword', '超级管理员的密码由环境变量 ADMIN_PASSWORD 设置，不能在此修改');
      const { currentPassword, newPassword } = request.body;
      const stored = await deps.operators.passwordHashOf(id);
      if (!stored || !(await verifyPassword(stored, currentPassword))) throw badRequest('currentPassword', '当前密码不正确');
      if (currentPassword === newPassword) throw badRequest('newPassword', '新密码不能与当前密码相同');
      const updated = await deps.operators.setPassword(undefined, id, await hashPassword(newPassword), false);
      if (!updated) throw notSignedIn();
      await deps.audit.record({ accountId: updated.accountId, actor: updated.name, action: 'change-password', resource: 'operator', resourceId: id });
      // A new session after the change: whoever held the old cookie is out.
      await deps.sessions.destroy(request.consoleSession?.id);
      const { id: sessionId, session } = await deps.sessions.create(id);
      setCookie(reply, sessionId);
      return view(whoOf(updated), session);
    },
  );
}

/** The operator behind a username and password, or undefined; every path costs one argon2 verification. */
async function check(deps: SessionRouteDeps, username: string, password: string): Promise<Who | undefined> {
  if (username.toLowerCase() === deps.adminUsername.toLowerCase() && username === deps.adminUsername) {
    await burnVerification(password);
    if (!samePassword(password, deps.adminPassword)) return undefined;
    return { operator: bootstrapAdmin(deps.adminUsername), accountId: DEFAULT_ACCOUNT_ID, username: deps.adminUsername };
  }
  const record = await deps.operators.findForSignIn(username);
  if (!record?.passwordHash) {
    await burnVerification(password);
    return undefined;
  }
  if (!(await verifyPassword(record.passwordHash, password))) return undefined;
  return whoOf(record);
}

async function current(deps: SessionRouteDeps, request: FastifyRequest): Promise<Who> {
  const op = request.operator;
  if (op.id === undefined) return { operator: op, accountId: request.accountId, username: op.superAdmin && request.consoleSession ? deps.adminUsername : null };
  const record = await deps.operators.findById(op.id);
  if (!record) throw notSignedIn();
  return whoOf(record);
}
