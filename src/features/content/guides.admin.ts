import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { notFound } from '../../lib/errors.js';
import { guideBodySchema, guideListQuerySchema, idParamSchema, importQuerySchema } from './content.schemas.js';
import type { ContentService, ListQuery } from './content.service.js';
import type { Guide, GuideInput } from './content.types.js';
import type { H5Urls } from './content.urls.js';
import { validateImport } from './guides.import-check.js';
import { CsvError, detectFormat, readImport, type ImportFormat, type ImportRow } from './guides.import.js';

interface Deps {
  content: ContentService;
  audit: AuditRepository;
  urls: H5Urls;
}

const tags = ['service guides'];
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
const IMPORT_TYPES = ['text/csv', 'application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines'];

export async function guideRoutes(app: FastifyInstance, { content, audit, urls }: Deps): Promise<void> {
  const view = (guide: Guide) => ({ ...guide, pageUrl: urls.guide(guide.accountId, guide.id) });

  app.post<{ Body: GuideInput }>('/guides', { schema: { tags, body: guideBodySchema } }, async (request, reply) => {
    const guide = await content.createGuide(request.accountId, request.body);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'guide', resourceId: guide.id, detail: request.body });
    return reply.code(201).send(view(guide));
  });

  app.get<{ Querystring: ListQuery & { department?: string } }>('/guides', { schema: { tags, querystring: guideListQuerySchema } }, async (request) => {
    const page = await content.listGuides(request.accountId, request.query);
    return { ...page, items: page.items.map(view) };
  });

  app.get<{ Params: { id: number } }>('/guides/:id', { schema: { tags, params: idParamSchema } }, async (request) => {
    const guide = await content.guides.get(request.accountId, request.params.id);
    if (!guide) throw notFound('guide');
    return view(guide);
  });

  app.put<{ Params: { id: number }; Body: GuideInput }>('/guides/:id', { schema: { tags, params: idParamSchema, body: guideBodySchema } }, async (request) => {
    const guide = await content.updateGuide(request.accountId, request.params.id, request.body);
    if (!guide) throw notFound('guide');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'guide', resourceId: guide.id, detail: request.body });
    return view(guide);
  });

  app.delete<{ Params: { id: number } }>('/guides/:id', { schema: { tags, params: idParamSchema } }, async (request, reply) => {
    if (!(await content.removeGuide(request.accountId, request.params.id))) throw notFound('guide');
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'guide', resourceId: request.params.id });
    return reply.code(204).send();
  });

  // Bulk files arrive as text; JSON arrays of guides are accepted too.
  app.addContentTypeParser(IMPORT_TYPES, { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post<{ Querystring: { format?: ImportFormat } }>(
    '/guides/import',
    { bodyLimit: IMPORT_BODY_LIMIT, schema: { tags, querystring: importQuerySchema } },
    async (request, reply) => {
      let rows: ImportRow[];
      const body: unknown = request.body;
      if (Array.isArray(body)) {
        rows = body.map((value: unknown, i) =>
          value && typeof value === 'object' && !Array.isArray(value)
            ? { row: i + 1, line: i + 1, value: value as Record<string, unknown> }
            : { row: i + 1, line: i + 1, error: { field: 'body', message: '须为 JSON 对象' } },
        );
      } else if (typeof body === 'string') {
        try {
          rows = readImport(request.query.format ?? detectFormat(request.headers['content-type'], body), body);
        } catch (err) {
          if (!(err instanceof CsvError)) throw err;
          rows = [{ row: 0, line: err.line, error: { field: 'body', message: err.message } }];
        }
      } else {
        return reply.code(400).send({ error: { code: 'VALIDATION', message: 'body: 请以 JSON lines、CSV 或 JSON 数组提交', field: 'body' } });
      }
      const checked = validateImport(rows, request.compileValidationSchema(guideBodySchema));
      if (!checked.ok) {
        const first = checked.errors[0]!;
        return reply.code(400).send({
          error: {
            code: 'IMPORT_INVALID',
            message: `${checked.errors.length} 处错误，未导入任何事项（第 ${first.row} 条，第 ${first.line} 行：${first.field} ${first.message}）`,
            field: `rows[${first.row}].${first.field}`,
            rows: checked.errors,
          },
        });
      }
      const results = await content.importGuides(request.accountId, checked.inputs);
      const created = results.filter((r) => r.created).map((r) => r.guide.code);
      const updated = results.filter((r) => !r.created).map((r) => r.guide.code);
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'import', resource: 'guide', detail: { created, updated } });
      return {
        total: results.length,
        created: created.length,
        updated: updated.length,
        items: results.map((r, i) => ({ row: i + 1, id: r.guide.id, code: r.guide.code, action: r.created ? 'created' : 'updated' })),
      };
    },
  );
}
