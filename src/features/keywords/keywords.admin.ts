import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { badRequest, notFound } from '../../lib/errors.js';
import { idParamSchema, keywordRuleBodySchema, repliesSchema } from './keywords.schemas.js';
import { autoReplyResponse, keywordRuleResponses as r } from './keywords.responses.js';
import { KeywordValidationError, type KeywordService } from './keywords.service.js';
import type { AutoReplyKind, KeywordRuleInput, ReplySpec } from './keywords.types.js';

interface Deps {
  keywords: KeywordService;
  audit: AuditRepository;
}

const tags = ['keyword replies'];

async function validated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof KeywordValidationError) throw badRequest(err.field, `${err.field}: ${err.message}`);
    throw err;
  }
}

export async function keywordRuleRoutes(app: FastifyInstance, { keywords, audit }: Deps): Promise<void> {
  app.post<{ Body: KeywordRuleInput }>('/keyword-rules', { schema: { tags, summary: '创建关键词回复', body: keywordRuleBodySchema, response: r.created } }, async (request, reply) => {
    const rule = await validated(() => keywords.create(request.accountId, request.body));
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'keyword-rule', resourceId: rule.id, detail: request.body });
    return reply.code(201).send(rule);
  });

  app.get('/keyword-rules', { schema: { tags, summary: '列出关键词回复', response: r.list } }, async (request) => ({ items: await keywords.list(request.accountId) }));

  app.get<{ Params: { id: number } }>('/keyword-rules/:id', { schema: { tags, summary: '查看关键词回复', params: idParamSchema, response: r.one } }, async (request) => {
    const rule = await keywords.get(request.accountId, request.params.id);
    if (!rule) throw notFound('keyword rule');
    return rule;
  });

  app.put<{ Params: { id: number }; Body: KeywordRuleInput }>(
    '/keyword-rules/:id',
    { schema: { tags, summary: '修改关键词回复', params: idParamSchema, body: keywordRuleBodySchema, response: r.one } },
    async (request) => {
      const rule = await validated(() => keywords.update(request.accountId, request.params.id, request.body));
      if (!rule) throw notFound('keyword rule');
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'keyword-rule', resourceId: rule.id, detail: request.body });
      return rule;
    },
  );

  app.delete<{ Params: { id: number } }>('/keyword-rules/:id', { schema: { tags, summary: '删除关键词回复', params: idParamSchema, response: r.deleted } }, async (request, reply) => {
    if (!(await keywords.remove(request.accountId, request.params.id))) throw notFound('keyword rule');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'keyword-rule', resourceId: request.params.id });
    return reply.code(204).send();
  });

  for (const kind of ['subscribe', 'default'] as AutoReplyKind[]) {
    app.put<{ Body: { replies: ReplySpec[] } }>(
      `/auto-replies/${kind}`,
      {
        schema: {
          tags,
          summary: kind === 'subscribe' ? '设置关注后自动回复' : '设置默认回复（无规则命中时）',
          body: { type: 'object', required: ['replies'], properties: { replies: { ...repliesSchema, minItems: 0 } } },
          response: autoReplyResponse,
        },
      },
      async (request) => {
        await keywords.setAutoReply(request.accountId, kind, request.body.replies);
        await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: `auto-reply:${kind}`, detail: request.body });
        return { kind, replies: request.body.replies };
      },
    );
    app.get(`/auto-replies/${kind}`, { schema: { tags, summary: kind === 'subscribe' ? '查看关注后自动回复' : '查看默认回复', response: autoReplyResponse } }, async (request) => ({
      kind,
      replies: await keywords.getAutoReply(request.accountId, kind),
    }));
  }
}
