import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { CustomMenuService } from './custom-menu.service.js';
import { validated } from './menus.admin.js';
import { customMenuResponses as r } from './menus.responses.js';
import { customMenuBodySchema } from './menus.schemas.js';

interface Deps {
  custom: CustomMenuService;
  audit: AuditRepository;
}

const tags = ['custom menu'];

/** /admin/api/menu: the 自定义菜单 as WeChat JSON; validated, stored, published, read back. */
export async function customMenuRoutes(app: FastifyInstance, { custom, audit }: Deps): Promise<void> {
  const record = (accountId: string, actor: string, action: string, detail?: unknown) =>
    audit.record({ accountId, actor, action, resource: 'custom-menu', resourceId: accountId, detail });

  app.get('/menu', { schema: { tags, summary: '查看已保存的自定义菜单', response: r.stored } }, async (request) => {
    const menu = await custom.get(request.accountId);
    if (!menu) throw notFound('custom menu');
    return menu;
  });

  app.put('/menu', { schema: { tags, summary: '保存自定义菜单（不发布）', body: customMenuBodySchema, response: r.stored } }, async (request) => {
    const menu = await validated(() => custom.put(request.accountId, request.body, request.operator.name));
    await record(request.accountId, request.operator.name, 'update', { button: menu.button });
    return menu;
  });

  app.post('/menu/publish', { schema: { tags, summary: '发布自定义菜单到微信', response: r.published } }, async (request) => {
    try {
      const result = await custom.publish(request.accountId, request.operator.name);
      await record(request.accountId, request.operator.name, 'publish', result.menu);
      return { published: true, ...result };
    } catch (err) {
      if (err instanceof AppError && err.code.startsWith('WECHAT_')) {
        await record(request.accountId, request.operator.name, 'publish-failed', { error: err.message });
      }
      throw err;
    }
  });

  app.get('/menu/remote', { schema: { tags, summary: '读取微信上当前生效的菜单', response: r.remote } }, async (request) => {
    const remote = await custom.remote(request.accountId);
    await record(request.accountId, request.operator.name, 'read-remote');
    return remote;
  });

  app.post('/menu/import', { schema: { tags, summary: '把微信上的菜单导入为已保存菜单', response: r.stored } }, async (request) => {
    const menu = await validated(() => custom.importRemote(request.accountId, request.operator.name));
    await record(request.accountId, request.operator.name, 'import', { button: menu.button });
    return menu;
  });
}
