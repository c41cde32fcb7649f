import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitUtf8, TEXT_REPLY_MAX_BYTES, truncateUtf8, utf8Length } from '../../src/wechat/text.js';
import { LONE_SURROGATE } from './conformance.js';

const nonSpace = (s: string) => s.replace(/\s/g, '');

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['é', 2],
    ['中', 3],
    ['😀', 4],
    ['👍🏽', 8],
    ['\ud800', 3],
  ])('when the text is %j then it is %i bytes', (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
  });

  it('when the limit is read then it is 2048 bytes', () => {
    expect(TEXT_REPLY_MAX_BYTES).toBe(2048);
  });
});

describe('truncateUtf8', () => {
  it('when the text fits, even exactly, then it is returned unchanged', () => {
    expect(truncateUtf8('中文', 6)).toBe('中文');
    expect(truncateUtf8('中文', 100)).toBe('中文');
  });

  it('when CJK text is one byte over then the last character gives way to the ellipsis', () => {
    // 4 × 3 = 12 bytes into 11: 2 characters (6) + … (3) = 9; a third would make 12.
    expect(truncateUtf8('政务服务', 11)).toBe('政务…');
    expect(truncateUtf8('政务服务', 9)).toBe('政务…');
    expect(truncateUtf8('政务服务', 8)).toBe('政…');
  });

  it('when the cut falls inside a surrogate pair then the whole emoji is dropped', () => {
    for (let max = 0; max <= 20; max++) {
      const out = truncateUtf8('😀😀😀😀😀', max);
      expect(utf8Length(out)).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(LONE_SURROGATE);
    }
    expect(truncateUtf8('😀😀😀', 11)).toBe('😀😀…');
    expect(truncateUtf8('a😀b', 4, '')).toBe('a');
    expect(truncateUtf8('a😀b', 5, '')).toBe('a😀');
  });

  it('when a custom or empty ellipsis is given then it is used and counted', () => {
    expect(truncateUtf8('abcdef', 5, '...')).toBe('ab...');
    expect(truncateUtf8('abcdef', 5, '')).toBe('abcde');
  });

  it('when the ellipsis alone does not fit then the text is cut without it', () => {
    expect(truncateUtf8('abcdef', 2)).toBe('ab');
    expect(truncateUtf8('中文', 2)).toBe('');
  });

  it('when maxBytes is negative or fractional then it throws RangeError', () => {
    expect(() => truncateUtf8('a', -1)).toThrow(RangeError);
    expect(() => truncateUtf8('a', 1.5)).toThrow(RangeError);
  });

  it('when any text is truncated to any budget then it is a well-formed prefix within the budget', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.nat(200), (text, max) => {
        const out = truncateUtf8(text, max);
        expect(utf8Length(out)).toBeLessThanOrEqual(Math.max(max, 0));
        expect(out).not.toMatch(LONE_SURROGATE);
        if (out !== text) expect(text.startsWith(out.endsWith('…') ? out.slice(0, -1) : out)).toBe(true);
      }),
    );
  });
});

describe('splitUtf8', () => {
  it('when the text fits, even exactly, then it is one chunk, unchanged', () => {
    expect(splitUtf8(' 你好 ', 100)).toEqual([' 你好 ']);
    expect(splitUtf8('中'.repeat(4), 12)).toEqual(['中'.repeat(4)]);
  });

  it('when the text is one byte over then it becomes two chunks', () => {
    const chunks = splitUtf8(`${'中'.repeat(4)}a`, 12);
    expect(chunks).toEqual(['中'.repeat(4), 'a']);
  });

  it('when the text is empty or blank then there is no chunk', () => {
    expect(splitUtf8('', 10)).toEqual([]);
    expect(splitUtf8(' \n\u3000 ', 10)).toEqual([]);
  });

  it('when a blank line falls in the second half of the budget then the cut is there, not at a later line break', () => {
    const first = `${'甲'.repeat(10)}\n${'乙'.repeat(10)}`; // 61 bytes
    const text = `${first}\n\n${'丙'.repeat(3)}\n${'丁'.repeat(30)}`;
    expect(splitUtf8(text, 80)[0]).toBe(first);
  });

  it('when there is no blank line then the last line break is used', () => {
    const text = `${'甲'.repeat(10)}。${'乙'.repeat(5)}\n${'丙'.repeat(30)}`;
    expect(splitUtf8(text, 60)[0]).toBe(`${'甲'.repeat(10)}。${'乙'.repeat(5)}`);
  });

  it('when there is no line break then the cut follows the last sentence mark, with its closing quote', () => {
    const text = `他说：“办好了。”然后${'乙'.repeat(5)}！${'丙'.repeat(40)}`;
    const chunks = splitUtf8(text, 60);
    expect(chunks[0]).toBe(`他说：“办好了。”然后${'乙'.repeat(5)}！`);
    expect(chunks[0]?.endsWith('！')).toBe(true);
  });

  it('when the closing quote follows the mark then it stays with its sentence', () => {
    const text = `${'甲'.repeat(12)}。”${'乙'.repeat(30)}`;
    expect(splitUtf8(text, 60)[0]).toBe(`${'甲'.repeat(12)}。”`);
  });

  it('when ASCII dots sit inside a URL or number then they are not sentence ends', () => {
    const text = `Visit www.gov.cn version 3.14 now. ${'x'.repeat(40)}`;
    const chunks = splitUtf8(text, 48);
    expect(chunks[0]).toBe('Visit www.gov.cn version 3.14 now.');
  });

  it('when a break would leave a tiny first chunk then a later cut is preferred', () => {
    const text = `标题\n\n${'正'.repeat(15)}。${'文'.repeat(30)}`;
    expect(splitUtf8(text, 60)[0]).toBe(`标题\n\n${'正'.repeat(15)}。`);
  });

  it('when there is no break at all then emoji are split between code points', () => {
    const chunks = splitUtf8('😀'.repeat(10), 10);
    expect(chunks).toEqual(['😀😀', '😀😀', '😀😀', '😀😀', '😀😀']);
    expect(splitUtf8('a😀😀', 5)).toEqual(['a😀', '😀']);
  });

  it('when a long reply is split at the WeChat limit then every chunk fits and nothing is lost', () => {
    const paragraph = '办理居住证需要携带身份证原件、租房合同和近期一寸照片。请到户籍所在地派出所办理。';
    const text = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n\n');
    const chunks = splitUtf8(text, TEXT_REPLY_MAX_BYTES);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(utf8Length(chunk)).toBeLessThanOrEqual(TEXT_REPLY_MAX_BYTES);
      expect(chunk.endsWith('。')).toBe(true);
    }
    expect(chunks.join('\n\n')).toBe(text);
  });

  it('when maxBytes cannot hold a 4-byte code point then it throws RangeError', () => {
    expect(() => splitUtf8('abc', 3)).toThrow(RangeError);
    expect(() => splitUtf8('abc', Number.NaN)).toThrow(RangeError);
  });

  it('when any text is split with any budget then chunks fit, are non-empty, well-formed and lose no content', () => {
    const unit = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.constantFrom('中', '。', '！', '.', ' ', '\n', '\n\n', '😀', '”', '\r\n'),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 200 }), fc.integer({ min: 4, max: 64 }), (text, max) => {
        const chunks = splitUtf8(text, max);
        for (const chunk of chunks) {
          expect(utf8Length(chunk)).toBeLessThanOrEqual(max);
          expect(chunk.trim()).not.toBe('');
          expect(chunk).not.toMatch(LONE_SURROGATE);
        }
        expect(nonSpace(chunks.join(''))).toBe(nonSpace(text));
      }),
      { numRuns: 500 },
    );
  });
});
