import { describe, expect, it } from 'vitest';
import { guideReply } from '../../../src/features/content/content.replies.js';
import type { Guide } from '../../../src/features/content/content.types.js';
import { parseQuery, renderAll } from '../../../src/features/content/search.query.js';
import { buildTsvector, compactKey, indexLexemes, normalizeForSearch, quoteLexeme } from '../../../src/features/content/search.text.js';

describe('search text: grams, Traditional → Simplified, query clauses', () => {
  it('when text is indexed then Han unigrams and bigrams and Latin/digit words come out in order', () => {
    expect(indexLexemes('人事档案 DEMO-RS-0001')).toEqual(['人', '人事', '事', '事档', '档', '档案', '案', 'demo', 'rs', '0001']);
  });

  it('when Traditional or full-width text is normalised then it becomes Simplified, half-width, lower case', () => {
    expect(normalizeForSearch('檔案 戶籍 醫療保險 ＡＢＣ１２３')).toBe('档案 户籍 医疗保险 abc123');
    expect(compactKey('《社保卡》 办理！')).toBe('社保卡办理');
  });

  it('when a tsvector literal is built then weights follow the sections and quotes cannot break out', () => {
    const literal = buildTsvector([
      { weight: 'A', text: '档案' },
      { weight: 'D', text: "档案 o'brien" },
    ]);
    expect(literal).toContain("'档案':2A,5D");
    expect(literal).toContain("'o':");
    expect(literal).toContain("'brien':");
    expect(quoteLexeme("it's\\")).toBe("'it''s\\\\'");
  });

  it('when a two-character query is parsed then it is one bigram clause; a longer run is one clause per bigram', () => {
    expect(renderAll(parseQuery('档案')!.clauses)).toBe("( '档案' )");
    expect(renderAll(parseQuery('社会保险')!.clauses)).toBe("( '社会' ) & ( '会保' ) & ( '保险' )");
  });

  it('when the query is Traditional, spoken with punctuation or padded with filler then the same clauses come out', () => {
    const plain = renderAll(parseQuery('档案')!.clauses);
    for (const q of ['檔案', '档案。', '请问档案怎么办理？', '我想问一下档案在哪里办']) expect(renderAll(parseQuery(q)!.clauses)).toBe(plain);
  });

  it('when the query is one meaningful character then it is narrow (titles only); filler alone is nothing to search', () => {
    expect(parseQuery('税')).toMatchObject({ narrow: true });
    expect(parseQuery('档案')).toMatchObject({ narrow: false });
    expect(parseQuery('你好')).toBeNull();
    expect(parseQuery('？！。')).toBeNull();
    expect(parseQuery('我')).toBeNull();
  });

  it('when a synonym term is in the query then its clause ORs every term of the group, and exact keys include them', () => {
    const groups = [['户口', '户籍', '落户']];
    const q = parseQuery('户口迁移', groups)!;
    expect(renderAll(q.clauses)).toBe("( ( '户口' ) | ( '户籍' ) | ( '落户' ) ) & ( '迁移' )");
    expect(parseQuery('户籍', groups)!.exactKeys.sort()).toEqual(['户口', '户籍', '落户']);
  });

  it("when a query holds quotes or tsquery operators then they never reach the tsquery text", () => {
    const q = parseQuery("x' | '档案 & !(社保):*")!;
    expect(renderAll(q.clauses)).toBe("( 'x' ) & ( '档案' ) & ( '社保' )");
  });

  it('when a guide has very long fields then its text reply stays under the 2048-byte limit', () => {
    const long = '很长的内容'.repeat(400);
    const guide = {
      id: 1, accountId: 'default', code: 'X', name: long, department: long, acceptingUnit: long, fee: long, phone: long,
      materials: Array.from({ length: 50 }, () => ({ name: long })), timeLimit: { promised: 5, note: long },
      status: 'published', version: 1, createdAt: '', updatedAt: '',
    } as Guide;
    const reply = guideReply(guide, 'https://example.gov.cn/h5/guides/1', long);
    expect(reply.type).toBe('text');
    expect(Buffer.byteLength((reply as { content: string }).content)).toBeLessThan(2048);
  });
});
