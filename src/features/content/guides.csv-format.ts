import type { Guide } from './content.types.js';

/**
 * The guides CSV format, in one place: the import reads it, the export and the
 * template write it, and the OpenAPI description and the README quote it.
 * UTF-8 (a BOM is allowed), RFC 4180 quoting, a header row of column names.
 */
export interface CsvColumn {
  name: string;
  label: string;
  /** How the cell is written. */
  kind: 'text' | 'list' | 'objects' | 'number' | 'boolean';
  required?: boolean;
  example: string;
}

export const LIST_SEPARATOR = '|';

export const GUIDE_CSV_COLUMNS: CsvColumn[] = [
  { name: 'code', label: '实施编码（唯一；已存在则更新）', kind: 'text', required: true, example: 'DEMO-0001' },
  { name: 'name', label: '事项名称', kind: 'text', required: true, example: '居住证办理' },
  { name: 'shortName', label: '口语化名称', kind: 'text', example: '办居住证' },
  { name: 'department', label: '实施主体', kind: 'text', required: true, example: '市公安局' },
  { name: 'acceptingUnit', label: '受理单位/窗口', kind: 'text', example: '各派出所户籍窗口' },
  { name: 'itemType', label: '事项类型', kind: 'text', example: '公共服务' },
  { name: 'summary', label: '简介', kind: 'text', example: '在本市居住半年以上可申领' },
  { name: 'conditions', label: '办理条件（多项用 | 分隔）', kind: 'list', example: '在本市居住满半年|有合法稳定住所' },
  { name: 'materials', label: '申请材料（名称用 | 分隔，或 JSON 数组）', kind: 'objects', example: '身份证|居住登记凭证|近期照片' },
  { name: 'process', label: '办理流程（多步用 | 分隔）', kind: 'list', example: '提交申请|受理审核|领取证件' },
  { name: 'timeLimit.statutory', label: '法定办结时限（天）', kind: 'number', example: '15' },
  { name: 'timeLimit.promised', label: '承诺办结时限（天，0 为即办）', kind: 'number', example: '7' },
  { name: 'timeLimit.unit', label: '时限单位（工作日/自然日）', kind: 'text', example: '工作日' },
  { name: 'fee', label: '收费标准', kind: 'text', example: '不收费' },
  { name: 'basis', label: '设定依据（多项用 | 分隔）', kind: 'list', example: '《居住证暂行条例》' },
  { name: 'locations', label: '办理地点（JSON 数组：name、address、hours、window）', kind: 'objects', example: '' },
  { name: 'phone', label: '咨询电话', kind: 'text', example: '12345' },
  { name: 'complaintPhone', label: '投诉电话', kind: 'text', example: '12345' },
  { name: 'forms', label: '表格下载（JSON 数组：name、url）', kind: 'objects', example: '' },
  { name: 'online.available', label: '可网上办理（true/false）', kind: 'boolean', example: 'true' },
  { name: 'online.url', label: '网办地址', kind: 'text', example: '' },
  { name: 'keywords', label: '搜索关键词（多项用 | 分隔）', kind: 'list', example: '居住证|暂住证' },
  { name: 'faqs', label: '常见问题（JSON 数组：q、a）', kind: 'objects', example: '' },
  { name: 'appointment', label: '可预约的预约事项编码', kind: 'text', example: '' },
  { name: 'status', label: '状态（draft 草稿 / published 已发布）', kind: 'text', example: 'published' },
];

/** Separators people use for lists in spreadsheets that this format does not: a cell holding one is probably several items. */
const FOREIGN_SEPARATORS = [';', '；', '、', ',', '，', '\n'];

/** The separator a list cell seems to use instead of "|", when it has no "|". */
export function foreignSeparator(cell: string): string | undefined {
  if (cell.includes('|') || cell.includes('｜') || cell.trimStart().startsWith('[')) return undefined;
  return FOREIGN_SEPARATORS.find((sep) => cell.includes(sep));
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell);
const csvLine = (cells: string[]) => cells.map(quote).join(',');

function cellOf(guide: Guide, column: CsvColumn): string {
  const [head, leaf] = column.name.split('.', 2) as [keyof Guide, string | undefined];
  const raw: unknown = leaf ? (guide[head] as Record<string, unknown> | undefined)?.[leaf] : guide[head];
  if (raw === undefined || raw === null) return '';
  if (column.kind === 'list') return (raw as string[]).join(LIST_SEPARATOR);
  if (column.kind === 'objects') {
    const items = raw as Array<Record<string, unknown>>;
    if (items.length === 0) return '';
    // Material names alone are written in the short form; anything richer stays JSON.
    if (column.name === 'materials' && items.every((m) => Object.keys(m).length === 1 && !String(m.name).includes('|'))) return items.map((m) => String(m.name)).join(LIST_SEPARATOR);
    return JSON.stringify(items);
  }
  return String(raw);
}

/** The guides in the import format (with a BOM so spreadsheet programs read UTF-8): export, then re-import, changes nothing. */
export function guidesToCsv(guides: Guide[]): string {
  const lines = [csvLine(GUIDE_CSV_COLUMNS.map((c) => c.name)), ...guides.map((g) => csvLine(GUIDE_CSV_COLUMNS.map((c) => cellOf(g, c))))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A header row and one example row. */
export function guideCsvTemplate(): string {
  return `\uFEFF${csvLine(GUIDE_CSV_COLUMNS.map((c) => c.name))}\r\n${csvLine(GUIDE_CSV_COLUMNS.map((c) => c.example))}\r\n`;
}

/** The format in words, for the OpenAPI description of the import route. */
export function guideCsvDescription(): string {
  const rows = GUIDE_CSV_COLUMNS.map((c) => `- \`${c.name}\`${c.required ? '（必填）' : ''}：${c.label}`);
  return [
    '导入办事指南。正文为 CSV（Content-Type: text/csv，UTF-8，可带 BOM，首行为列名）、JSON lines 或 JSON 数组。',
    `清单列（conditions、process、basis、keywords、materials）的多项以“${LIST_SEPARATOR}”分隔；含“;”“；”“、”“，”而没有“${LIST_SEPARATOR}”的清单单元格会产生警告（warnings），因为它多半是用错了分隔符，将只导入为一项。`,
    'materials、locations、forms、faqs 也可写成 JSON 数组。`?dryRun=true` 只检查、不写入，返回每行的错误和警告。',
    '任何一行有错误时整个文件都不导入（400 IMPORT_INVALID，error.rows 列出每行错误）。',
    '列：',
    ...rows,
  ].join('\n');
}
