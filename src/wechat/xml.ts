import xml2js from 'xml2js';

/**
 * Inbound XML codec (wechat-protocol.md §2). Every push is one `<xml>` element of
 * fields, CDATA or bare, in any order, with unknown fields to be ignored. Values are
 * kept verbatim: the official location_select Label starts with a space.
 */

export class XmlError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'XmlError';
  }
}

/** `<xml>` is level 1; the deepest push (MASSSENDJOBFINISH ResultList items) reaches 5. */
export const MAX_XML_DEPTH = 8;

const PARSER_OPTIONS: xml2js.ParserOptions = {
  explicitArray: false,
  explicitRoot: false,
  // WeChat sends no attributes; ignoring them keeps every leaf a plain string.
  ignoreAttrs: true,
  trim: false,
  normalize: false,
  normalizeTags: false,
  strict: true,
  // With async: false, parseString runs sax over the whole string and calls back before returning.
  async: false,
};

const isXmlSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

function skipSpace(s: string, i: number): number {
  while (i < s.length && isXmlSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Index of the `<xml` root tag after an optional BOM, whitespace and XML declaration. */
function rootStart(body: string): number {
  let i = skipSpace(body, body.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (body.startsWith('<?xml', i) && (isXmlSpace(body.charCodeAt(i + 5)) || body[i + 5] === '?')) {
    const end = body.indexOf('?>', i);
    if (end === -1) throw new XmlError('unterminated XML declaration');
    i = skipSpace(body, end + 2);
  }
  const after = body.charCodeAt(i + 4);
  if (!body.startsWith('<xml', i) || !(after === 0x3e || after === 0x2f || isXmlSpace(after))) {
    throw new XmlError('body does not start with <xml>');
  }
  return i;
}

function checkTrailing(body: string, from: number): void {
  if (skipSpace(body, from) !== body.length) throw new XmlError('content after the closing </xml>');
}

/**
 * One cheap pass before parsing: rejects DTDs and entity declarations (XXE, billion laughs),
 * comments and processing instructions (never sent by WeChat), nesting deeper than
 * MAX_XML_DEPTH, a second root or trailing text (xml2js silently accepts those), and
 * unterminated markup. CDATA sections are skipped, so a citizen's message may contain
 * `<!DOCTYPE` as text.
 */
function scan(body: string): void {
  let i = rootStart(body);
  let depth = 0;
  for (;;) {
    const lt = body.indexOf('<', i);
    if (lt === -1) throw new XmlError('truncated XML: <xml> is not closed');
    const next = body.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      if (!body.startsWith('![CDATA[', lt + 1)) {
        const decl = body.slice(lt + 2, lt + 9).toUpperCase();
        throw new XmlError(
          decl.startsWith('DOCTYPE') || decl.startsWith('ENTITY')
            ? 'DOCTYPE and ENTITY declarations are not allowed'
            : 'comments and markup declarations are not allowed',
        );
      }
      const end = body.indexOf(']]>', lt + 9);
      if (end === -1) throw new XmlError('truncated XML: unterminated CDATA section');
      i = end + 3;
      continue;
    }
    if (next === 0x3f /* ? */) throw new XmlError('processing instructions are not allowed');
    const gt = body.indexOf('>', lt);
    if (gt === -1) throw new XmlError('truncated XML: unterminated tag');
    if (next === 0x2f /* / */) {
      depth--;
    } else if (body.charCodeAt(gt - 1) !== 0x2f /* self-closing */) {
      if (++depth > MAX_XML_DEPTH) throw new XmlError(`XML nesting deeper than ${MAX_XML_DEPTH} levels`);
    }
    if (depth <= 0) {
      checkTrailing(body, gt + 1);
      return;
    }
    i = gt + 1;
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Fast path for the common, flat push: `<xml>` holding only leaf elements whose
 * content is one CDATA section or plain text without markup or entities. It gives
 * exactly what xml2js gives for such bodies (tested against the conformance corpus)
 * at a tenth of the cost; anything else — nesting, attributes, entities, repeated
 * names, mixed content — returns undefined and goes to xml2js. Runs after scan().
 */
export function parseFlat(body: string): Record<string, unknown> | undefined {
  const start = body.indexOf('>', rootStart(body));
  if (body.charCodeAt(start - 1) === 0x2f) return undefined;
  const fields: Record<string, unknown> = {};
  let i = start + 1;
  let count = 0;
  for (;;) {
    const lt = body.indexOf('<', i);
    if (lt === -1 || skipSpace(body, i) !== lt) return undefined;
    if (body.startsWith('</xml>', lt)) return count > 0 ? fields : undefined;
    const gt = body.indexOf('>', lt);
    const name = body.slice(lt + 1, gt);
    if (!NAME.test(name) || UNSAFE_NAMES.has(name) || name in fields) return undefined;
    let value: string;
    if (body.startsWith('<![CDATA[', gt + 1)) {
      const end = body.indexOf(']]>', gt + 10);
      if (!closes(body, end + 3, name)) return undefined;
      value = body.slice(gt + 10, end);
      i = end + 3 + name.length + 3;
    } else {
      const end = body.indexOf('<', gt + 1);
      if (!closes(body, end, name)) return undefined;
      value = body.slice(gt + 1, end);
      if (value.includes('&') || (value !== '' && value.trim() === '')) return undefined;
      i = end + name.length + 3;
    }
    fields[name] = value;
    count++;
  }
}

/** Whether `</name>` starts at `at` (compared in place: no closing-tag string per field). */
function closes(body: string, at: number, name: string): boolean {
  return at >= 0 && body.startsWith('</', at) && body.startsWith(name, at + 2) && body.charCodeAt(at + 2 + name.length) === 0x3e;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a push body into its fields: leaves are strings (CDATA verbatim), nested
 * elements are objects, repeated elements arrays (a single `<item>` stays an object).
 * Throws only XmlError.
 */
export function parseXml(body: string): Record<string, unknown> {
  if (typeof body !== 'string' || body.trim() === '') throw new XmlError('empty body');
  scan(body);
  return parseFlat(body) ?? parseWithXml2js(body);
}

/** The general path (also the reference the fast path is tested against). Call after scan(). */
export function parseWithXml2js(body: string): Record<string, unknown> {
  let done = false;
  let failure: unknown;
  let result: unknown;
  try {
    new xml2js.Parser(PARSER_OPTIONS).parseString(body, (err: Error | null, value: unknown) => {
      if (done) return;
      done = true;
      failure = err;
      result = value;
    });
  } catch (err) {
    throw new XmlError('malformed XML', { cause: err });
  }
  if (!done) throw new XmlError('XML parser did not complete synchronously');
  if (failure) {
    const reason = failure instanceof Error ? failure.message.split('\n', 1)[0] : String(failure);
    throw new XmlError(`malformed XML: ${reason}`, { cause: failure });
  }
  if (!isRecord(result)) throw new XmlError('<xml> has no child elements');
  return result;
}
