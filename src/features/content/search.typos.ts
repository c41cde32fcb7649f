/** Typos: names and keywords one character off a citizen's question. */

export const TYPO_MIN = 3;
export const TYPO_MAX = 30;

/**
 * Names and keywords by character, built on the first typo lookup: a key one character
 * off a stretch of the question holds all but one of its own characters there, so only
 * keys sharing enough characters are compared.
 */
export class TypoKeys {
  readonly keys: string[] = [];
  readonly docs: number[][] = [];
  private readonly distinct: number[] = [];
  private readonly byChar = new Map<string, number[]>();

  constructor(docs: Array<{ keys: Set<string> }>) {
    const ids = new Map<string, number>();
    docs.forEach((doc, d) => {
      for (const key of doc.keys) {
        if (key.length < TYPO_MIN || key.length > TYPO_MAX) continue;
        let k = ids.get(key);
        if (k === undefined) {
          k = this.keys.length;
          ids.set(key, k);
          this.keys.push(key);
          this.docs.push([]);
          const chars = new Set(key);
          this.distinct.push(chars.size);
          for (const c of chars) (this.byChar.get(c) ?? this.byChar.set(c, []).get(c)!).push(k);
        }
        this.docs[k]!.push(d);
      }
    });
  }

  /** Keys that hold all but at most one of their distinct characters in the text, in key order. */
  candidates(text: string): number[] {
    const counts = new Map<number, number>();
    for (const c of new Set(text)) for (const k of this.byChar.get(c) ?? []) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts].filter(([k, n]) => n >= this.distinct[k]! - 1).map(([k]) => k).sort((a, b) => a - b);
  }
}

/** Whether `key` is within one edit of `text`, or of a stretch of it of the key's length. */
export function nearlyIn(key: string, text: string): boolean {
  if (Math.abs(key.length - text.length) <= 1 && withinOneEdit(key, text)) return true;
  if (text.length <= key.length) return false;
  for (let i = 0; i + key.length <= text.length; i++) {
    let diff = 0;
    for (let j = 0; j < key.length && diff <= 1; j++) if (text[i + j] !== key[j]) diff++;
    if (diff <= 1) return true;
  }
  return false;
}

function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++diff > 1) return false;
    return true;
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.slice(i) === l.slice(i + 1);
}

