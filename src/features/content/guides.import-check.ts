import { AppError } from '../../lib/errors.js';
import { checkGuide } from './content.service.js';
import type { GuideInput } from './content.types.js';
import type { ImportRow } from './guides.import.js';

/** The subset of an ajv validate function this needs. */
export interface Validate {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string; params: Record<string, unknown> }> | null;
}

export interface RowError {
  row: number;
  line: number;
  field: string;
  message: string;
}

export const MAX_IMPORT_ROWS = 10_000;

/** `/materials/0/name` + missing `note` → `materials[0].note`, as the admin API names fields. */
function fieldOf(error: NonNullable<Validate['errors']>[number]): string {
  const parts = error.instancePath.split('/').filter(Boolean);
  const leaf = (error.params.missingProperty ?? error.params.additionalProperty) as string | undefined;
  if (leaf) parts.push(leaf);
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || 'body';
}

/** Validates every row (schema, domain checks, codes unique in the file); reports all problems. */
export function validateImport(rows: ImportRow[], validate: Validate): { ok: true; inputs: GuideInput[] } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = [];
  if (rows.length === 0) return { ok: false, errors: [{ row: 0, line: 0, field: 'body', message: '没有可导入的数据行' }] };
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, errors: [{ row: 0, line: 0, field: 'body', message: `一次最多导入 ${MAX_IMPORT_ROWS} 条` }] };
  const codes = new Map<string, number>();
  const inputs: GuideInput[] = [];
  for (const { row, line, value, error } of rows) {
    if (error || !value) {
      errors.push({ row, line, field: error?.field ?? 'body', message: error?.message ?? '空行' });
      continue;
    }
    if (!validate(value)) {
      for (const e of validate.errors ?? []) errors.push({ row, line, field: fieldOf(e), message: e.message ?? 'invalid' });
      continue;
    }
    const input = value as unknown as GuideInput;
    try {
      checkGuide(input);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      errors.push({ row, line, field: err.field ?? 'body', message: err.message });
      continue;
    }
    const earlier = codes.get(input.code);
    if (earlier !== undefined) errors.push({ row, line, field: 'code', message: `编码 ${input.code} 与第 ${earlier} 条重复` });
    else codes.set(input.code, row);
    inputs.push(input);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, inputs };
}
