import { anyObj, arrOf, bool, csvResponse, int, itemsOf, noContent, obj, str, strOrNull } from '../../lib/responses.js';

const status = { type: 'string', enum: ['draft', 'published'] } as const;
const numOrNull = { type: ['number', 'null'] } as const;
const page = { total: int, page: int, pageSize: int };
const crud = (item: ReturnType<typeof obj>) => ({
  created: { 201: item },
  one: { 200: item },
  list: { 200: itemsOf(item, page, '一页结果') },
  deleted: { 204: noContent },
});

/** News as the admin API answers it, with the H5 page's address. */
export const newsSchema = obj(
  {
    id: int, accountId: str, title: str, summary: str, body: str, category: str, coverUrl: strOrNull, url: strOrNull,
    publishedAt: strOrNull, status, pinned: bool, createdAt: str, updatedAt: str, pageUrl: str,
  },
  '资讯',
);

/** A service guide (办事指南) with the H5 page's address; the full field list is the body schema's. */
export const guideSchema = obj(
  {
    id: int, accountId: str, code: str, name: str, shortName: str, department: str, summary: str,
    materials: arrOf(anyObj), process: arrOf(str), locations: arrOf(anyObj), keywords: arrOf(str),
    status, version: int, createdAt: str, updatedAt: str, pageUrl: str,
  },
  '办事指南',
);

export const placeSchema = obj(
  {
    id: int, accountId: str, name: str, kind: str, address: strOrNull, phone: strOrNull, hours: strOrNull,
    lat: numOrNull, lng: numOrNull, note: strOrNull, status, createdAt: str, updatedAt: str,
  },
  '场所',
);

export const newsResponses = { ...crud(newsSchema), preview: { 200: { description: 'H5 页面 HTML', content: { 'text/html': { schema: { type: 'string' } } } } } };
export const guideResponses = crud(guideSchema);
export const placeResponses = crud(placeSchema);

const rowError = obj({ row: int, line: int, field: str, message: str });

export const guideImportResponses = {
  template: { 200: csvResponse('办事指南导入模板') },
  export: { 200: csvResponse('办事指南 CSV') },
  import: {
    200: obj(
      {
        dryRun: bool, ok: bool, total: int, valid: int, created: int, updated: int,
        errors: arrOf(rowError), warnings: arrOf(rowError),
        items: arrOf(obj({ row: int, id: int, code: str, name: str, action: { type: 'string', enum: ['created', 'updated'] } })),
      },
      '试导入（dryRun）的检查结果，或导入结果（新建、更新的条数与各行事项）',
    ),
  },
};

const synonymGroup = obj({ id: int, terms: arrOf(str), createdAt: str, updatedAt: str }, '同义词组');

export const searchResponses = {
  synonyms: { 200: itemsOf(synonymGroup) },
  synonymCreated: { 201: synonymGroup },
  synonym: { 200: synonymGroup },
  deleted: { 204: noContent },
  unmatched: { 200: itemsOf(obj({ query: str, count: int, firstSeenAt: str, lastSeenAt: str }), {}, '未匹配的查询') },
  cleared: { 200: obj({ removed: int }) },
  preview: {
    200: itemsOf(obj({ kind: { type: 'string', enum: ['guide', 'news', 'place', 'answer'] }, id: int, title: str, subtitle: strOrNull }), { query: strOrNull }, '市民搜索同样的话会得到的结果'),
  },
};
