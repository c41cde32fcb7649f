import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { notFound } from '../../lib/errors.js';
import { idParamSchema, synonymsBodySchema, unmatchedQuerySchema } from './content.schemas.js';
import { searchResponses as r } from './content.responses.js';
import type { SearchService } from './search.service.js';

interface Deps {
  search: SearchService;
  audit: AuditRepository;
}

const tags = ['search'];

/** Synonym groups, the unmatched-query report, and a preview of what citizens get. */
export async function searchRoutes(app: FastifyInstance, { search, audit }: Deps): Promise<void> {
  app.get('/search/synonyms', { schema: { tags, summary: '列出同义词组', response: r.synonyms } }, async (request) => ({ items: await search.listSynonyms(request.accountId) }));

  app.post<{ Body: { terms: string[] } }>('/search/synonyms', { schema: { tags, summary: '创建同义词组', body: synonymsBodySchema, response: r.synonymCreated } }, async (request, reply) => {
    const group = await search.createSynonyms(request.accountId, request.body.terms);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'search-synonyms', resourceId: group.id, detail: request.body });
    return reply.code(201).send(group);
  });

  app.put<{ Params: { id: number }; Body: { terms: string[] } }>(
    '/search/synonyms/:id',
    { schema: { tags, summary: '修改同义词组', params: idParamSchema, body: synonymsBodySchema, response: r.synonym } },
    async (request) => {
      const group = await search.updateSynonyms(request.accountId, request.params.id, request.body.terms);
      if (!group) throw notFound('synonym group');
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'search-synonyms', resourceId: group.id, detail: request.body });
      return group;
    },
  );

  app.delete<{ Params: { id: number } }>('/search/synonyms/:id', { schema: { tags, summary: '删除同义词组', params: idParamSchema, response: r.deleted } }, async (request, reply) => {
    if (!(await search.removeSynonyms(request.accountId, request.params.id))) throw notFound('synonym group');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'search-synonyms', resourceId: request.params.id });
    return reply.code(204).send();
  });

  app.get<{ Querystring: { limit?: number; days?: number } }>('/search/unmatched', { schema: { tags, summary: '未匹配的搜索（按次数排序）', querystring: unmatchedQuerySchema, response: r.unmatched } }, async (request) => ({
    items: await search.topUnmatched(request.accountId, request.query.limit ?? 20, request.query.days ?? null),
  }));

  /** Once content answers a query, operators clear it from the report. */
  app.delete<{ Querystring: { query?: string } }>(
    '/search/unmatched',
    {
      schema: {
        tags,
        summary: '从未匹配报告中清除查询（不指定则全部清除）',
        querystring: { type: 'object', properties: { query: { type: 'string', minLength: 1, maxLength: 100 } } },
        response: r.cleared,
      },
    },
    async (request) => {
      const removed = await search.clearUnmatched(request.accountId, request.query.query ?? null);
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'search-unmatched', detail: { query: request.query.query ?? null, removed } });
      return { removed };
    },
  );

  app.get<{ Querystring: { q: string } }>(
    '/search/preview',
    {
      schema: {
        tags,
        summary: '预览市民搜索结果',
        querystring: { type: 'object', required: ['q'], properties: { q: { type: 'string', minLength: 1, maxLength: 100 } } },
        response: r.preview,
      },
    },
    async (request) => {
      const { query, hits } = await search.search(request.accountId, request.query.q);
      return { query: query?.display ?? null, items: hits };
    },
  );
}
