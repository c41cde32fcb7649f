import type { LogRow } from './message-log.repository.js';

/**
 * PostgreSQL's COPY text format: one line per row, columns separated by tabs, `\N` for
 * NULL, and backslash, tab, newline and carriage return escaped with a backslash
 * (https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2).
 */
export const LOG_COPY_COLUMNS =
  'account_id, citizen, open_id_enc, open_id_masked, direction, kind, text, detail, replies, reply_text, rule, attention, operator_id, operator_name, test, created_at';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function field(value: string | null | undefined): string {
  if (value == null) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}

const json = (value: unknown) => (value == null ? null : JSON.stringify(value));

/** One row as a COPY line, newline included. Built when the message is handled, so only a flat string waits for the batch. */
export function copyLine(row: LogRow): string {
  return (
    `${field(row.accountId)}\t${field(row.citizen)}\t${field(row.openIdEnc)}\t${field(row.openIdMasked)}\t${row.direction}\t${field(row.kind)}\t` +
    `${field(row.text)}\t${field(json(row.detail))}\t${field(json(row.replies))}\t${field(row.replyText)}\t${field(row.rule)}\t${row.attention ? 't' : 'f'}\t` +
    `${row.operatorId == null ? '\\N' : String(row.operatorId)}\t${field(row.operatorName)}\t${row.test ? 't' : 'f'}\t${row.createdAt.toISOString()}\n`
  );
}
