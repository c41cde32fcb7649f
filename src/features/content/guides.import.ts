import { CsvError, parseCsv } from './csv.js';
import { foreignSeparator } from './guides.csv-format.js';

/**
 * Bulk guide files → plain objects, one per row, before schema validation.
 * JSON lines: one guide object per line. CSV: a header row of field names; dotted
 * names fill nested objects (timeLimit.promised, online.available); list fields take
 * "|"-separated values, or a JSON array for lists of objects.
 */

export interface ImportRow {
  /** 1-based record number (header excluded). */
  row: number;
  /** File line where the record starts. */
  line: number;
  value?: Record<string, unknown>;
  /** A problem found while reading the row, before validation. */
  error?: { field: string; message: string };
  /** Cells read, but probably not as meant (a list written with the wrong separator). */
  warnings?: Array<{ field: string; message: string }>;
}

export type ImportFormat = 'jsonl' | 'csv';

const STRING_LISTS = new Set(['conditions', 'process', 'basis', 'keywords']);
const OBJECT_LISTS = new Set(['materials', 'locations', 'forms', 'faqs']);
const splitList = (cell: string) => cell.split(/[|｜]/).map((s) => s.trim()).filter(Boolean);

export function detectFormat(contentType: string | undefined, body: string): ImportFormat {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type.includes('ndjson') || type.includes('jsonl') || type.includes('json-seq') || type.includes('jsonlines')) return 'jsonl';
  return body.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

function readJsonLines(body: string): ImportRow[] {
  const rows: ImportRow[] = [];
  body.split(/\r?\n/).forEach((text, i) => {
    if (!text.trim()) return;
    const row: ImportRow = { row: rows.length + 1, line: i + 1 };
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) row.value = value as Record<string, unknown>;
      else row.error = { field: 'body', message: '每行须为一个 JSON 对象' };
    } catch (err) {
      row.error = { field: 'body', message: `不是有效的 JSON：${(err as Error).message}` };
    }
    rows.push(row);
  });
  return rows;
}

function cellValue(column: string, cell: string): unknown {
  if (STRING_LISTS.has(column)) return splitList(cell);
  if (OBJECT_LISTS.has(column)) {
    if (cell.trimStart().startsWith('[')) return JSON.parse(cell);
    // Shorthand for the common case: material names only.
    if (column === 'materials') return splitList(cell).map((name) => ({ name }));
    throw new Error('须为 JSON 数组');
  }
  return cell;
}

function readCsv(body: string): ImportRow[] {
  const [header, ...records] = parseCsv(body);
  if (!header) return [];
  const columns = header.fields.map((f) => f.trim());
  return records.map((record, i) => {
    const row: ImportRow = { row: i + 1, line: record.line };
    const value: Record<string, unknown> = {};
    for (const [j, raw] of record.fields.entries()) {
      const column = columns[j];
      const cell = raw.trim();
      if (!column || cell === '') continue;
      const sep = STRING_LISTS.has(column) || column === 'materials' ? foreignSeparator(cell) : undefined;
      if (sep) {
        const shown = sep === '\n' ? '换行' : `“${sep}”`;
        (row.warnings ??= []).push({ field: column, message: `含有${shown}但没有“|”：本格式的清单以“|”分隔，此格将只导入为一项` });
      }
      try {
        const [head, leaf] = column.split('.', 2) as [string, string | undefined];
        if (leaf) value[head] = { ...((value[head] as object | undefined) ?? {}), [leaf]: cell };
        else value[head] = cellValue(head, cell);
      } catch (err) {
        row.error = { field: column, message: (err as Error).message };
        break;
      }
    }
    if (!row.error) row.value = value;
    return row;
  });
}

/** Throws CsvError when the file cannot be read at all. */
export function readImport(format: ImportFormat, body: string): ImportRow[] {
  return format === 'csv' ? readCsv(body) : readJsonLines(body);
}

export { CsvError };
