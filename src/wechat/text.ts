/**
 * UTF-8 byte budgets for text replies. WeChat measures Content in UTF-8 bytes, not
 * characters: ≤ 2048 per the original passive-reply doc and community measurements
 * (CJK = 3 bytes, emoji = 4); longer text fails (45002 on the customer-service API).
 * See wechat-protocol.md §6.
 */
export const TEXT_REPLY_MAX_BYTES = 2048;

/** Byte length as Buffer would encode it (a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** End index of the longest prefix of s[start..] that fits in maxBytes, on a code-point boundary. */
function fitEnd(s: string, start: number, maxBytes: number): number {
  let bytes = 0;
  let i = start;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    let size = 3;
    let units = 1;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (isHigh(c) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      size = 4;
      units = 2;
    }
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += units;
  }
  return i;
}

function checkBudget(maxBytes: number, min: number): void {
  if (!Number.isInteger(maxBytes) || maxBytes < min) {
    throw new RangeError(`maxBytes must be an integer ≥ ${min}, got ${maxBytes}`);
  }
}

/**
 * Shortens s so that the result, ellipsis included, is at most maxBytes of UTF-8.
 * Cuts only between code points. Returns s unchanged when it already fits; drops the
 * ellipsis when even the ellipsis alone does not fit.
 */
export function truncateUtf8(s: string, maxBytes: number, ellipsis = '…'): string {
  checkBudget(maxBytes, 0);
  if (utf8Length(s) <= maxBytes) return s;
  const room = maxBytes - utf8Length(ellipsis);
  if (room < 0) return s.slice(0, fitEnd(s, 0, maxBytes));
  return s.slice(0, fitEnd(s, 0, room)) + ellipsis;
}

const WHITESPACE = /\s/;
const CJK_STOPS = '。！？；';
const ASCII_STOPS = '.!?';
/** Closing quotes and brackets that belong to the sentence they end. */
const CLOSERS = '”’」』）)"\'';

function skipWhitespace(s: string, i: number): number {
  while (i < s.length && WHITESPACE.test(s.charAt(i))) i++;
  return i;
}

/** Index of the first newline of the last blank line starting in [min, end], or -1. */
function lastParagraphBreak(s: string, min: number, end: number): number {
  for (let i = Math.min(end + 1, s.length - 1); i > min; i--) {
    if (s.charCodeAt(i) !== 0x0a) continue;
    let k = i - 1;
    while (k >= min && (s[k] === ' ' || s[k] === '\t' || s[k] === '\r')) k--;
    if (k >= min && s[k] === '\n') return k;
  }
  return -1;
}

/**
 * Index just after the last sentence end in [min, end), or -1. ASCII stops count only
 * before whitespace, so 3.14 and www.gov.cn are not cut.
 */
function lastSentenceEnd(s: string, min: number, end: number): number {
  for (let i = end - 1; i >= min; i--) {
    const ch = s.charAt(i);
    const stop =
      CJK_STOPS.includes(ch) || (ASCII_STOPS.includes(ch) && i + 1 < s.length && WHITESPACE.test(s.charAt(i + 1)));
    if (!stop) continue;
    let j = i + 1;
    while (j < end && CLOSERS.includes(s.charAt(j))) j++;
    return j;
  }
  return -1;
}

/**
 * Where to cut the window s[start, end): [chunkEnd, nextStart]. A break is taken only in
 * the second half of the window so that a short heading does not become its own message
 * (each message can cost one of the 5 customer-service messages per 48 h).
 */
function chooseCut(s: string, start: number, end: number): [number, number] {
  const min = start + Math.max(1, Math.floor((end - start) / 2));
  const paragraph = lastParagraphBreak(s, min, end);
  if (paragraph !== -1) return [paragraph, paragraph + 1];
  const line = s.lastIndexOf('\n', end);
  if (line >= min) return [line, line + 1];
  const sentence = lastSentenceEnd(s, min, end);
  if (sentence !== -1) return [sentence, sentence];
  return [end, end];
}

/**
 * Splits s into chunks of at most maxBytes UTF-8 bytes each, cutting preferably at a blank
 * line, then a line break, then sentence punctuation (。！？；.!?), else between code points.
 * Whitespace at a cut is dropped; no other content is lost. Text that fits is returned
 * as-is; text without any non-whitespace character yields no chunk.
 */
export function splitUtf8(s: string, maxBytes: number): string[] {
  checkBudget(maxBytes, 4);
  if (s.trim() === '') return [];
  if (utf8Length(s) <= maxBytes) return [s];
  const chunks: string[] = [];
  let start = skipWhitespace(s, 0);
  while (start < s.length) {
    const end = fitEnd(s, start, maxBytes);
    if (end >= s.length) {
      chunks.push(s.slice(start));
      break;
    }
    const [chunkEnd, next] = chooseCut(s, start, end);
    const chunk = s.slice(start, chunkEnd).trimEnd();
    if (chunk !== '') chunks.push(chunk);
    start = skipWhitespace(s, next);
  }
  return chunks;
}
