import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlat, parseWithXml2js, parseXml } from '../../src/wechat/xml.js';
import { allXmlFiles } from './conformance.js';

describe('flat-body fast path gives exactly what xml2js gives', () => {
  it('when any conformance sample is parsed then both paths agree (or the fast path declines)', () => {
    let fast = 0;
    for (const [name, xml] of allXmlFiles()) {
      const flat = parseFlat(xml);
      if (flat) {
        fast++;
        expect(flat, name).toEqual(parseWithXml2js(xml));
      }
    }
    expect(fast).toBeGreaterThan(10);
  });

  it('agrees with xml2js on generated flat bodies with CDATA, text, empty and odd values (property)', () => {
    const value = fc.string({ maxLength: 20, unit: fc.constantFrom('a', ' ', '社', '\n', '&', '<', ']', '>', '1', '😀') });
    const field = fc.record({ name: fc.constantFrom('ToUserName', 'Content', 'MsgId', 'Label', 'X_1', 'a.b'), value, cdata: fc.boolean() });
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
        const inner = fields
          .map(({ name, value: v, cdata }) => (cdata ? `<${name}><![CDATA[${v.replaceAll(']]>', '')}]]></${name}>` : `<${name}>${v.replace(/[<&>]/g, '')}</${name}>`))
          .join('\n');
        const xml = `<xml>${inner}</xml>`;
        let reference: unknown;
        try {
          reference = parseWithXml2js(xml);
        } catch {
          return;
        }
        const flat = parseFlat(xml);
        if (flat) expect(flat).toEqual(reference);
        expect(parseXml(xml)).toEqual(reference);
      }),
      { numRuns: 1000 },
    );
  });

  it('when a body is nested, repeats a name or carries an entity then the fast path declines', () => {
    expect(parseFlat('<xml><A><B>1</B></A></xml>')).toBeUndefined();
    expect(parseFlat('<xml><A>1</A><A>2</A></xml>')).toBeUndefined();
    expect(parseFlat('<xml><A>a&amp;b</A></xml>')).toBeUndefined();
    expect(parseFlat('<xml><A x="1">1</A></xml>')).toBeUndefined();
    expect(parseFlat('<xml><__proto__>1</__proto__></xml>')).toBeUndefined();
    expect(parseXml('<xml><A>a&amp;b</A></xml>')).toEqual({ A: 'a&b' });
  });
});
