import { toSimplified } from '../../router/normalize.js';

/**
 * Text → search lexemes, shared by indexing and querying so both sides agree.
 *
 * The embedded Postgres runs with --locale=C, where pg_trgm skips CJK and the text
 * parser sees a Chinese sentence as one word. So the lexemes are made here: every Han
 * character (unigram) and every pair of adjacent Han characters (bigram), plus
 * Latin/digit words, after Traditional → Simplified conversion (檔案 → 档案). The
 * tsvector and tsquery are written as literals, which Postgres takes verbatim
 * whatever the locale.
 */

/** A run of Han characters, or a word of other letters/digits. */
const TOKEN = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;
const MAX_WORD_LENGTH = 40;
/** Postgres keeps at most 256 positions per lexeme and positions up to 16383. */
const MAX_POSITIONS_PER_LEXEME = 8;
const MAX_POSITION = 16383;

export type Weight = 'A' | 'B' | 'C' | 'D';

/** Width-folded, Simplified (the converter citizens' messages share), lower-case: the one form every comparison uses. */
export function normalizeForSearch(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase();
}

/** Letters and digits only, for exact comparisons (names, keywords, the whole query). */
export function compactKey(text: string): string {
  return [...normalizeForSearch(text).matchAll(TOKEN)].map((m) => m[0]).join('');
}

export interface Token {
  text: string;
  han: boolean;
}

/** Han runs and other words of already normalised text, in order. */
export function tokenize(normalized: string): Token[] {
  const tokens: Token[] = [];
  for (const m of normalized.matchAll(TOKEN)) {
    if (m[1]) tokens.push({ text: m[1], han: true });
    else if (m[2] && m[2].length <= MAX_WORD_LENGTH) tokens.push({ text: m[2], han: false });
  }
  return tokens;
}

/** Bigrams of a Han run; a single character stands for itself. */
export function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Index lexemes in text order: each Han character followed by the bigram it starts, and words. */
export function indexLexemes(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(normalizeForSearch(text))) {
    if (!token.han) {
      out.push(token.text);
      continue;
    }
    const chars = [...token.text];
    chars.forEach((c, i) => {
      out.push(c);
      if (i + 1 < chars.length) out.push(c + chars[i + 1]!);
    });
  }
  return out;
}

/** A lexeme quoted for a tsvector/tsquery literal. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export interface WeightedText {
  weight: Weight;
  text: string | undefined | null;
}

/** Builds a tsvector literal: weighted sections, earlier (more important) sections first. */
export function buildTsvector(sections: WeightedText[], maxChars = 20_000): string {
  const entries = new Map<string, string[]>();
  let position = 0;
  for (const { weight, text } of sections) {
    if (!text) continue;
    for (const lexeme of indexLexemes(text.slice(0, maxChars))) {
      position = Math.min(position + 1, MAX_POSITION);
      const list = entries.get(lexeme) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${position}${weight}`);
      entries.set(lexeme, list);
    }
  }
  return [...entries].map(([lexeme, positions]) => `${quoteLexeme(lexeme)}:${positions.join(',')}`).join(' ');
}
