import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_ACCOUNT_ID } from '../wechat/account.js';
import { AppError } from '../lib/errors.js';

export const ROLES = ['admin', 'editor', 'handler', 'emergency'] as const;
export type Role = (typeof ROLES)[number];

export interface Operator {
  name: string;
  roles: string[];
  /** A handler's department: the tickets they see. */
  department?: string;
  /** The deployment's super-admin: the only one who lists, creates or changes accounts. */
  superAdmin?: boolean;
  /** The operator row's id; absent for the super-admin (ADMIN_TOKEN, bootstrap admin). */
  id?: number;
  /** The account a named operator belongs to. */
  homeAccountId?: string;
  /** Set by an admin's initial password: every other call is refused until it is changed. */
  mustChangePassword?: boolean;
}

/** An operator as stored: bound to one account. */
export interface OperatorIdentity extends Operator {
  id: number;
  accountId: string;
  username?: string | null;
  mustChangePassword?: boolean;
}

export interface OperatorLookup {
  /** The enabled operator holding this token hash, if any. */
  findByTokenHash(tokenHash: string): Promise<OperatorIdentity | undefined>;
}

declare module 'fastify' {
  interface FastifyRequest {
    operator: Operator;
    /** The account an admin request acts on: header X-Account-Id, default "default" (an operator's own account). */
    accountId: string;
  }
}

/** Operator tokens carry a prefix, so other strings never cost a database lookup. */
export const OPERATOR_TOKEN_PREFIX = 'wzo_';

const digest = (value: string) => createHash('sha256').update(value).digest();
/** Operator tokens are 32 random bytes: an unsalted SHA-256 is enough to store them. */
export const hashToken = (token: string) => digest(token).toString('hex');

const unauthorized = () => new AppError(401, 'UNAUTHORIZED', 'Missing or invalid bearer token');

/**
 * Resolves the bearer token to the super-admin (ADMIN_TOKEN, compared in constant
 * time after hashing so lengths are equal) or to an enabled operator.
 */
export function bearerAuth(adminToken: string, operators?: OperatorLookup) {
  const expected = digest(adminToken);
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) throw unauthorized();
    const token = match[1]!.trim();
    const wanted = request.headers['x-account-id'];
    const account = typeof wanted === 'string' && wanted ? wanted : undefined;
    if (timingSafeEqual(digest(token), expected)) {
      request.operator = { name: 'admin', roles: ['admin'], superAdmin: true };
      request.accountId = account ?? DEFAULT_ACCOUNT_ID;
      return;
    }
    const operator = operators && token.startsWith(OPERATOR_TOKEN_PREFIX) ? await operators.findByTokenHash(hashToken(token)) : undefined;
    if (!operator) throw unauthorized();
    if (account && account !== operator.accountId) {
      throw new AppError(403, 'FORBIDDEN', `Operator "${operator.name}" belongs to account "${operator.accountId}", not "${account}"`);
    }
    request.operator = operatorOf(operator);
    request.accountId = operator.accountId;
  };
}

/** The request's view of a stored operator. */
export function operatorOf(operator: OperatorIdentity): Operator {
  return {
    name: operator.name,
    roles: operator.roles,
    ...(operator.department ? { department: operator.department } : {}),
    id: operator.id,
    homeAccountId: operator.accountId,
    mustChangePassword: operator.mustChangePassword === true,
  };
}
