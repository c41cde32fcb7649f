import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../audit/audit.repository.js';
import { AppError, badRequest, conflict, notFound } from '../lib/errors.js';
import { hashToken, OPERATOR_TOKEN_PREFIX, ROLES } from './auth.js';
import type { OperatorRecord, OperatorRepository } from './operators.repository.js';
import { operatorListSchema, operatorSchema, operatorWithTokenSchema } from './admin.responses.js';
import { checkUsername, hashPassword, passwordSchema, usernameSchema } from './passwords.js';

interface Deps {
  /** Absent when the admin API was built without a database. */
  operators?: OperatorRepository;
  audit: AuditRepository;
  /** The bootstrap super-admin's username: no operator may take it or look like it. */
  adminUsername: string;
}

interface OperatorBody {
  name: string;
  roles: string[];
  department?: string;
  /** Console sign-in; given together with an initial password the operator must change. */
  username?: string;
  password?: string;
}

const operatorBodySchema = {
  type: 'object',
  required: ['name', 'roles'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 40, pattern: '^\\S(.*\\S)?$' },
    roles: { type: 'array', minItems: 1, maxItems: ROLES.length, uniqueItems: true, items: { type: 'string', enum: ROLES } },
    department: { type: 'string', minLength: 1, maxLength: 60 },
    username: usernameSchema,
    password: passwordSchema,
  },
  dependencies: { username: ['password'], password: ['username'] },
} as const;

const editBodySchema = {
  type: 'object',
  required: ['name', 'roles'],
  additionalProperties: false,
  properties: { name: operatorBodySchema.properties.name, roles: operatorBodySchema.properties.roles, department: operatorBodySchema.properties.department },
} as const;

const passwordBodySchema = { type: 'object', required: ['password'], additionalProperties: false, properties: { password: passwordSchema } } as const;

const idParamSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
} as const;

const view = (o: OperatorRecord) => ({
  id: o.id,
  name: o.name,
  roles: o.roles,
  department: o.department ?? null,
  username: o.username,
  mustChangePassword: o.mustChangePassword,
  createdBy: o.createdBy,
  createdAt: o.createdAt,
  disabled: o.disabledAt !== null,
  disabledAt: o.disabledAt,
});

const newToken = () => `${OPERATOR_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

/** Named operators with roles and their own token (shown once, stored hashed). Admin only (policy.ts). */
export async function operatorRoutes(app: FastifyInstance, { operators, audit, adminUsername }: Deps): Promise<void> {
  const tags = ['operators'];
  const repo = (): OperatorRepository => {
    if (!operators) throw new AppError(503, 'UNAVAILABLE', 'operators need a database: the admin API was built without one');
    return operators;
  };

  /** A mistyped department would show its handler no tickets at all: only configured departments are accepted. */
  const checkDepartment = async (accountId: string, roles: string[], department: string | undefined) => {
    if (roles.includes('handler') && !department) throw badRequest('department', 'a handler needs a department: it decides which tickets they see');
    if (department === undefined) return;
    const known = await repo().departments(accountId);
    // Accounts without a department list accept any name, as ticket assignment does.
    if (known.length > 0 && !known.includes(department)) throw badRequest('department', `部门“${department}”不在已配置的部门列表中：${known.join('、')}`);
  };

  app.post<{ Body: OperatorBody }>('/operators', {
    schema: { tags, summary: '创建操作员', description: '返回的令牌只显示这一次；姓名或用户名已存在时 409。', body: operatorBodySchema, response: { 201: operatorWithTokenSchema } },
  }, async (request, reply) => {
    const { name, roles, department, username, password } = request.body;
    if (name === 'admin') throw badRequest('name', 'name "admin" is reserved for the ADMIN_TOKEN super-admin');
    await checkDepartment(request.accountId, roles, department);
    if (username !== undefined) checkUsername(username, adminUsername);
    const token = newToken();
    const passwordHash = password === undefined ? undefined : await hashPassword(password);
    const created = await repo().create({ accountId: request.accountId, name, roles, department, tokenHash: hashToken(token), createdBy: request.operator.name, username, passwordHash });
    if (!created) throw conflict(username ? `用户名“${username}”或操作员“${name}”已存在` : `operator "${name}" already exists in account "${request.accountId}"`);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'operator', resourceId: created.id, detail: { name, roles, department, username } });
    // The only time the token is shown: only its hash is kept.
    return reply.code(201).send({ ...view(created), token });
  });

  app.put<{ Params: { id: number }; Body: { name: string; roles: string[]; department?: string } }>(
    '/operators/:id',
    { schema: { tags, summary: '修改操作员的姓名、角色与部门', params: idParamSchema, body: editBodySchema, response: { 200: operatorSchema } } },
    async (request) => {
      const { name, roles, department } = request.body;
      if (name === 'admin') throw badRequest('name', 'name "admin" is reserved for the ADMIN_TOKEN super-admin');
      await checkDepartment(request.accountId, roles, department);
      const updated = await repo().update(request.accountId, request.params.id, { name, roles, department: department ?? null });
      if (!updated) throw notFound('operator (or the name is taken)');
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'operator', resourceId: updated.id, detail: { name, roles, department } });
      return view(updated);
    },
  );

  app.get('/operators', { schema: { tags, summary: '列出操作员', response: { 200: operatorListSchema } } }, async (request) => ({ items: (await repo().list(request.accountId)).map(view) }));

  app.post<{ Params: { id: number } }>('/operators/:id/disable', { schema: { tags, summary: '停用操作员', params: idParamSchema, response: { 200: operatorSchema } } }, async (request) => {
    const disabled = await repo().disable(request.accountId, request.params.id);
    if (!disabled) throw notFound('operator');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'disable', resource: 'operator', resourceId: disabled.id });
    return view(disabled);
  });

  app.post<{ Params: { id: number }; Body: { password: string } }>(
    '/operators/:id/password',
    { schema: { tags, summary: '重设操作员的初始密码（下次登录须修改）', params: idParamSchema, body: passwordBodySchema, response: { 200: operatorSchema } } },
    async (request) => {
      const updated = await repo().setPassword(request.accountId, request.params.id, await hashPassword(request.body.password), true);
      if (!updated) throw notFound('enabled operator with a username');
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'reset-password', resource: 'operator', resourceId: updated.id });
      return view(updated);
    },
  );

  app.post<{ Params: { id: number } }>('/operators/:id/token', { schema: { tags, summary: '重新生成操作员令牌', description: '旧令牌立即失效，新令牌只显示这一次。', params: idParamSchema, response: { 200: operatorWithTokenSchema } } }, async (request) => {
    const token = newToken();
    const rotated = await repo().rotateToken(request.accountId, request.params.id, hashToken(token));
    if (!rotated) throw notFound('enabled operator');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'rotate-token', resource: 'operator', resourceId: rotated.id });
    return { ...view(rotated), token };
  });
}
