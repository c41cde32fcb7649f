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

type CitizenPart = Pick<LogRow, 'accountId' | 'citizen' | 'openIdEnc' | 'openIdMasked'>;
type MessagePart = Omit<LogRow, keyof CitizenPart>;

/**
 * The first four columns, the same for every row of one citizen: the writer keeps them
 * built, with the tab that follows them.
 */
export function citizenColumns(row: CitizenPart): string {
  return [field(row.accountId), field(row.citizen), field(row.openIdEnc), field(row.openIdMasked), ''].join('\t');
}

/**
 * The other columns, newline included. Joined from an array, the line is one flat string:
 * a template of sixteen parts would be a rope of dozens of pieces for the garbage collector
 * to trace while the row waits for its batch.
 */
export function messageColumns(row: MessagePart): string {
  return [
    row.direction,
    field(row.kind),
    field(row.text),
    field(json(row.detail)),
    field(json(row.replies)),
    field(row.replyText),
    field(row.rule),
    row.attention ? 't' : 'f',
    row.operatorId == null ? '\\N' : String(row.operatorId),
    field(row.operatorName),
    row.test ? 't' : 'f',
    `${row.createdAt.toISOString()}\n`,
  ].join('\t');
}

/** One row as a COPY line. */
export const copyLine = (row: LogRow): string => citizenColumns(row) + messageColumns(row);
