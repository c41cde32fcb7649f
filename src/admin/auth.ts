import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_ACCOUNT_ID } from '../wechat/account.js';
import { AppError } from '../lib/errors.js';

export interface Operator {
  name: string;
  roles: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    operator: Operator;
    /** The account an admin request acts on: header X-Account-Id, default "default". */
    accountId: string;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time check of the bearer token (hashing first makes lengths equal). */
export function bearerAuth(adminToken: string) {
  const expected = digest(adminToken);
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]!.trim()), expected)) {
      throw new AppError(401, 'UNAUTHORIZED', 'Missing or invalid bearer token');
    }
    request.operator = { name: 'admin', roles: ['admin'] };
    const account = request.headers['x-account-id'];
    request.accountId = typeof account === 'string' && account ? account : DEFAULT_ACCOUNT_ID;
  };
}
