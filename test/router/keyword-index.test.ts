import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../../src/router/aho-corasick.js';
import { KeywordIndex } from '../../src/router/keyword-index.js';
import { normalizeText } from '../../src/router/normalize.js';

describe('keyword index', () => {
  it('when patterns overlap then the automaton finds every one contained in the text', () => {
    const ac = new AhoCorasick([
      { id: 0, text: 'he' },
      { id: 1, text: 'she' },
      { id: 2, text: 'his' },
      { id: 3, text: 'hers' },
      { id: 4, text: '社保' },
      { id: 5, text: '社保卡' },
    ]);
    expect([...ac.search('ushers')].sort()).toEqual([0, 1, 3]);
    expect([...ac.search('我想补办社保卡')].sort()).toEqual([4, 5]);
    expect(ac.search('公积金').size).toBe(0);
  });

  it('matches exactly what a naive substring scan finds (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('a', 'b', '社', '保') }), { minLength: 1, maxLength: 20 }), fc.string({ maxLength: 30, unit: fc.constantFrom('a', 'b', '社', '保', 'c') }), (patterns, text) => {
        const ac = new AhoCorasick(patterns.map((p, id) => ({ id, text: p })));
        const expected = new Set(patterns.flatMap((p, id) => (text.includes(p) ? [id] : [])));
        expect(ac.search(text)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('when keywords are exact, contains or regex then each matches by its own rule', () => {
    const index = new KeywordIndex([
      { owner: 'exact', keywords: [{ text: '社保', match: 'exact' }] },
      { owner: 'contains', keywords: [{ text: '公积金', match: 'contains' }] },
      { owner: 'regex', keywords: [{ text: '^WZ\\d{4}$', match: 'regex' }] },
      { owner: 'fullwidth', keywords: [{ text: 'ＡＢＣ', match: 'exact' }] },
    ]);
    const match = (raw: string) => [...index.match(normalizeText(raw), raw)].sort();
    expect(match('社保')).toEqual(['exact']);
    expect(match('社保卡')).toEqual([]);
    expect(match('  社保。')).toEqual(['exact']);
    expect(match('提取公积金')).toEqual(['contains']);
    expect(match('WZ1234')).toEqual(['regex']);
    expect(match('abc')).toEqual(['fullwidth']);
    expect(match('WZ12345')).toEqual([]);
  });

  it('when voice recognition adds punctuation or full-width forms then normalisation removes them', () => {
    expect(normalizeText('社保卡。')).toBe('社保卡');
    expect(normalizeText('ＡＢＣ１２３！')).toBe('abc123');
    expect(normalizeText('  你好？? ')).toBe('你好');
  });
});
