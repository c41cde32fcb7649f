import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { menuCodeParamsSchema, numberedMenuCreateSchema, numberedMenuUpdateSchema } from './menus.schemas.js';
import { numberedMenuResponses as r } from './menus.responses.js';
import type { NumberedMenuService } from './menus.service.js';
import { MenuValidationError, type NumberedMenuInput } from './menus.types.js';

interface Deps {
  menus: NumberedMenuService;
  audit: AuditRepository;
}

const tags = ['numbered menus'];

/** Turns a validation failure into a 400 naming the first offending field. */
export async function validated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof MenuValidationError) throw badRequest(err.field, `${err.field}: ${err.message}`);
    throw err;
  }
}

type Params = { code: string };

/** /admin/api/numbered-menus: operator-defined 回复数字 trees, one per code. */
export async function numberedMenuRoutes(app: FastifyInstance, { menus, audit }: Deps): Promise<void> {
  const record = (accountId: string, actor: string, action: string, code: string, detail?: unknown) =>
    audit.record({ accountId, actor, action, resource: 'numbered-menu', resourceId: code, detail });

  app.post<{ Body: NumberedMenuInput }>('/numbered-menus', { schema: { tags, summary: '创建数字菜单', body: numberedMenuCreateSchema, response: r.created } }, async (request, reply) => {
    const menu = await validated(() => menus.create(request.accountId, request.body));
    await record(request.accountId, request.operator.name, 'create', menu.code, request.body);
    return reply.code(201).send(menu);
  });

  app.get('/numbered-menus', { schema: { tags, summary: '列出数字菜单', response: r.list } }, async (request) => ({ items: await menus.list(request.accountId) }));

  app.get<{ Params: Params }>('/numbered-menus/:code', { schema: { tags, summary: '查看数字菜单', params: menuCodeParamsSchema, response: r.one } }, async (request) => {
    const menu = await menus.get(request.accountId, request.params.code);
    if (!menu) throw notFound('numbered menu');
    return menu;
  });

  app.put<{ Params: Params; Body: Omit<NumberedMenuInput, 'code'> & { code?: string } }>(
    '/numbered-menus/:code',
    { schema: { tags, summary: '修改数字菜单（代码不可改）', params: menuCodeParamsSchema, body: numberedMenuUpdateSchema, response: r.one } },
    async (request) => {
      const { code } = request.params;
      if (request.body.code !== undefined && request.body.code !== code) throw badRequest('code', 'code: 菜单代码不可修改（请新建菜单后删除旧菜单）');
      const menu = await validated(() => menus.update(request.accountId, code, { ...request.body, code }));
      if (!menu) throw notFound('numbered menu');
      await record(request.accountId, request.operator.name, 'update', code, request.body);
      return menu;
    },
  );

  app.delete<{ Params: Params }>('/numbered-menus/:code', { schema: { tags, summary: '删除数字菜单', params: menuCodeParamsSchema, response: r.deleted } }, async (request, reply) => {
    if (!(await menus.remove(request.accountId, request.params.code))) throw notFound('numbered menu');
    await record(request.accountId, request.operator.name, 'delete', request.params.code);
    return reply.code(204).send();
  });
}
