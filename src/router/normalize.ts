import { Converter } from 'opencc-js/t2cn';

/**
 * The one normalisation every reader of citizens' text shares (rules, commands,
 * flows, intents, search), so 菜單 and 菜单 are the same message everywhere.
 */

/** Whitespace and punctuation that voice recognition and hurried typing put around a message. */
const LEADING = /^[\s,，、。．.;；:：~～…!！?？·'"“”‘’「」『』【】()（）]+/u;
const TRAILING = /[\s,，、。．.;；:：~～…!！?？·'"“”‘’「」『』【】()（）]+$/u;

/** CJK Unified Ideographs, Extension A and the compatibility block: what Traditional text is written in. */
const HAN_RANGES: Array<[number, number]> = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
];

let built: { convert: (text: string) => string; changing: Set<string> } | undefined;

/**
 * The converter and the characters it changes, built once (about a quarter of a
 * second) and then shared. 'hk' also folds the Hong Kong variants (衞 → 卫) that
 * the plain 't' table keeps. OpenCC converts phrases too (乾隆 stays, 乾淨 → 干净),
 * but every phrase it changes holds a character that changes on its own, so the
 * set decides exactly when the converter must run.
 */
function tables(): { convert: (text: string) => string; changing: Set<string> } {
  if (!built) {
    const converter = Converter({ from: 'hk', to: 'cn' });
    const chars: string[] = [];
    for (const [from, to] of HAN_RANGES) for (let c = from; c <= to; c++) chars.push(String.fromCharCode(c));
    const converted = converter(chars.join('\n')).split('\n');
    const set = new Set<string>();
    chars.forEach((ch, i) => {
      if (converted[i] !== ch) set.add(ch);
    });
    built = { convert: converter, changing: set };
  }
  return built;
}

/** Builds the tables now, so the first citizen's message does not pay for it. */
export function warmNormalization(): void {
  tables();
}

/**
 * Traditional → Simplified. Most messages are already Simplified: they cost one Set
 * lookup per Han character, and the converter runs only when a character would change.
 */
export function toSimplified(text: string): string {
  const { convert: run, changing: set } = tables();
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x3400 && code <= 0xfaff && set.has(text[i]!)) return run(text);
  }
  return text;
}

/**
 * Characters NFKC leaves alone, checked first because NFKC costs microseconds per
 * message: ASCII, Han, and the CJK punctuation citizens type (、。「」【】 and the
 * curly quotes and dashes). Anything else — full-width forms, the ideographic space,
 * compatibility ideographs, "…" — goes through NFKC.
 */
function nfkcStable(code: number): boolean {
  return code < 0x80 || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3001 && code <= 0x303f) || (code >= 0x2010 && code <= 0x201f) || (code >= 0x3400 && code <= 0x4dbf);
}

const EDGE = /[\s,，、。．.;；:：~～…!！?？·'"“”‘’「」『』【】()（）]/u;

/**
 * Canonical form for matching: NFKC folds full-width letters, digits and punctuation
 * (ＡＢＣ１２３ → ABC123), Traditional becomes Simplified (菜單 → 菜单), case is
 * ignored, and punctuation and spaces around the message are dropped — voice
 * recognition ends sentences with "。", people type "在吗？？".
 */
export function normalizeText(input: string): string {
  let folded = input;
  for (let i = 0; i < input.length; i++) {
    if (!nfkcStable(input.charCodeAt(i))) {
      folded = input.normalize('NFKC');
      break;
    }
  }
  let text = toSimplified(folded).toLowerCase();
  if (text && EDGE.test(text[0]!)) text = text.replace(LEADING, '');
  if (text && EDGE.test(text[text.length - 1]!)) text = text.replace(TRAILING, '');
  return text;
}
