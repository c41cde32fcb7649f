import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { idParamSchema, intentBodySchema, intentPatchSchema } from './intents.schemas.js';
import { intentResponses as r } from './intents.responses.js';
import { IntentValidationError, type IntentService } from './intents.service.js';
import type { IntentInput } from './intents.types.js';

interface Deps {
  intents: IntentService;
  audit: AuditRepository;
  /** The shipped default set. */
  defaults: () => Promise<IntentInput[]>;
}

const tags = ['intents'];

async function validated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof IntentValidationError) throw badRequest(err.field, `${err.field}: ${err.message}`);
    throw err;
  }
}

/** `/intents`: what citizens mean, as phrases and an action URI (policy: editor). */
export async function intentRoutes(app: FastifyInstance, { intents, audit, defaults }: Deps): Promise<void> {
  const record = (request: { accountId: string; operator: { name: string } }, action: string, resourceId: number, detail?: unknown) =>
    audit.record({ accountId: request.accountId, actor: request.operator.name, action, resource: 'intent', resourceId, ...(detail === undefined ? {} : { detail }) });

  app.post<{ Body: IntentInput }>('/intents', { schema: { tags, summary: '创建意图', body: intentBodySchema, response: r.created } }, async (request, reply) => {
    const intent = await validated(() => intents.create(request.accountId, request.body));
    await record(request, 'create', intent.id, request.body);
    return reply.code(201).send(intent);
  });

  // Loads the shipped set (small talk, commands in everyday wording, emergencies); names already used are kept as they are.
  app.post('/intents/defaults', { schema: { tags, summary: '载入默认意图（闲聊、常用说法、紧急求助）', response: r.defaults } }, async (request) => {
    const added = await intents.addMissing(request.accountId, await defaults());
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'load-defaults', resource: 'intent', detail: { added: added.map((i) => i.name) } });
    return { added: added.length, items: added };
  });

  app.get('/intents', { schema: { tags, summary: '列出意图', response: r.list } }, async (request) => ({ items: await intents.list(request.accountId) }));

  app.get<{ Params: { id: number } }>('/intents/:id', { schema: { tags, summary: '查看意图', params: idParamSchema, response: r.one } }, async (request) => {
    const intent = await intents.get(request.accountId, request.params.id);
    if (!intent) throw notFound('intent');
    return intent;
  });

  app.put<{ Params: { id: number }; Body: IntentInput }>('/intents/:id', { schema: { tags, summary: '修改意图', params: idParamSchema, body: intentBodySchema, response: r.one } }, async (request) => {
    const intent = await validated(() => intents.update(request.accountId, request.params.id, request.body));
    if (!intent) throw notFound('intent');
    await record(request, 'update', intent.id, request.body);
    return intent;
  });

  app.patch<{ Params: { id: number }; Body: Partial<IntentInput> }>(
    '/intents/:id',
    { schema: { tags, summary: '部分更新意图（只需提供要修改的字段）', params: idParamSchema, body: intentPatchSchema, response: r.one } },
    async (request) => {
      const intent = await validated(() => intents.patch(request.accountId, request.params.id, request.body));
      if (!intent) throw notFound('intent');
      await record(request, 'update', intent.id, request.body);
      return intent;
    },
  );

  app.delete<{ Params: { id: number } }>('/intents/:id', { schema: { tags, summary: '删除意图', params: idParamSchema, response: r.deleted } }, async (request, reply) => {
    if (!(await intents.remove(request.accountId, request.params.id))) throw notFound('intent');
    await record(request, 'delete', request.params.id);
    return reply.code(204).send();
  });
}
