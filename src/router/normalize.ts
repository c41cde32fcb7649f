const TRAILING = /[\s。．.！!？?，,、；;：:~～…]+$/u;
const LEADING = /^[\s]+/u;

/**
 * Canonical form for keyword matching: NFKC folds full-width letters and digits
 * (ＡＢＣ１２３ → ABC123), case is ignored, and trailing punctuation is dropped —
 * voice Recognition ends sentences with "。".
 */
export function normalizeText(input: string): string {
  return input.normalize('NFKC').toLowerCase().replace(LEADING, '').replace(TRAILING, '');
}
