import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { guideBodySchema, guideExportQuerySchema, importQuerySchema } from './content.schemas.js';
import { guideImportResponses as r } from './content.responses.js';
import type { ContentService } from './content.service.js';
import type { ContentStatus } from './content.types.js';
import { guideCsvDescription, guideCsvTemplate, guidesToCsv } from './guides.csv-format.js';
import { validateImport } from './guides.import-check.js';
import { CsvError, detectFormat, readImport, type ImportFormat, type ImportRow } from './guides.import.js';

interface Deps {
  content: ContentService;
  audit: AuditRepository;
}

const tags = ['service guides'];
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
const IMPORT_TYPES = ['text/csv', 'application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines'];
const EXPORT_MAX_ROWS = 10_000;

const sendCsv = (reply: FastifyReply, name: string, body: string) =>
  reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(body);

/** Rows of a request body: JSON array items, or the lines/records of a CSV or JSON-lines text. */
function rowsOf(body: unknown, format: ImportFormat | undefined, contentType: string | undefined): ImportRow[] | undefined {
  if (Array.isArray(body)) {
    return body.map((value: unknown, i) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? { row: i + 1, line: i + 1, value: value as Record<string, unknown> }
        : { row: i + 1, line: i + 1, error: { field: 'body', message: '须为 JSON 对象' } },
    );
  }
  if (typeof body !== 'string') return undefined;
  try {
    return readImport(format ?? detectFormat(contentType, body), body);
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    return [{ row: 0, line: err.line, error: { field: 'body', message: err.message } }];
  }
}

/** Bulk import (with a dry run), its template, and export in the same CSV format. */
export async function guideImportRoutes(app: FastifyInstance, { content, audit }: Deps): Promise<void> {
  // Bulk files arrive as text; JSON arrays of guides are accepted too.
  app.addContentTypeParser(IMPORT_TYPES, { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.get('/guides/import-template.csv', { schema: { tags, summary: '办事指南导入模板（CSV）', response: r.template } }, async (_request, reply) =>
    sendCsv(reply, 'guides-template.csv', guideCsvTemplate()),
  );

  app.get<{ Querystring: { status?: ContentStatus; department?: string } }>(
    '/guides.csv',
    { schema: { tags, summary: '导出办事指南（与导入相同的 CSV 格式）', querystring: guideExportQuerySchema, response: r.export } },
    async (request, reply) => {
      const { items } = await content.guides.list(request.accountId, { ...request.query, limit: EXPORT_MAX_ROWS, offset: 0 });
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'export', resource: 'guide', detail: { rows: items.length, filter: request.query } });
      return sendCsv(reply, 'guides.csv', guidesToCsv(items));
    },
  );

  app.post<{ Querystring: { format?: ImportFormat; dryRun?: boolean } }>(
    '/guides/import',
    { bodyLimit: IMPORT_BODY_LIMIT, schema: { tags, summary: '导入办事指南（CSV / JSON lines / JSON 数组）', description: guideCsvDescription(), querystring: importQuerySchema, response: r.import } },
    async (request, reply) => {
      const rows = rowsOf(request.body, request.query.format, request.headers['content-type']);
      if (!rows) return reply.code(400).send({ error: { code: 'VALIDATION', message: 'body: 请以 JSON lines、CSV 或 JSON 数组提交', field: 'body' } });
      const warnings = rows.flatMap((r) => (r.warnings ?? []).map((w) => ({ row: r.row, line: r.line, ...w })));
      const checked = validateImport(rows, request.compileValidationSchema(guideBodySchema));
      if (request.query.dryRun) {
        const valid = rows.filter((r) => r.value && !(checked.ok ? [] : checked.errors).some((e) => e.row === r.row));
        return {
          dryRun: true,
          ok: checked.ok,
          total: rows.length,
          valid: valid.length,
          errors: checked.ok ? [] : checked.errors,
          warnings,
          items: valid.map((r) => ({ row: r.row, code: String(r.value?.code ?? ''), name: String(r.value?.name ?? '') })),
        };
      }
      if (!checked.ok) {
        const first = checked.errors[0]!;
        return reply.code(400).send({
          error: {
            code: 'IMPORT_INVALID',
            message: `${checked.errors.length} 处错误，未导入任何事项（第 ${first.row} 条，第 ${first.line} 行：${first.field} ${first.message}）`,
            field: `rows[${first.row}].${first.field}`,
            rows: checked.errors,
          },
          warnings,
        });
      }
      const results = await content.importGuides(request.accountId, checked.inputs);
      const created = results.filter((r) => r.created).map((r) => r.guide.code);
      const updated = results.filter((r) => !r.created).map((r) => r.guide.code);
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'import', resource: 'guide', detail: { created, updated, ...(warnings.length > 0 ? { warnings: warnings.length } : {}) } });
      return {
        total: results.length,
        created: created.length,
        updated: updated.length,
        warnings,
        items: results.map((r, i) => ({ row: i + 1, id: r.guide.id, code: r.guide.code, action: r.created ? 'created' : 'updated' })),
      };
    },
  );
}
