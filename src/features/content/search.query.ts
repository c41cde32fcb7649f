import { bigrams, normalizeForSearch, quoteLexeme, tokenize } from './search.text.js';

/**
 * A citizen's words → tsquery text. The query is cut into clauses that must all
 * match: one per bigram of a Han run (档案 → '档案'; 社会保险 → 社会 & 会保 & 保险),
 * one per single character or Latin/digit word, and one per operator synonym found
 * in it, whose alternatives are OR-ed (户口 → 户口 | 户籍 | 落户).
 */

/** Conversational filler: cut out (as a boundary) before the grams are made. Longest first. */
const FILLERS = [
  '请问一下', '我想问一下', '需要什么材料', '需要哪些材料', '怎么办理', '如何办理', '在哪里办', '需要什么', '需要哪些',
  '请问', '你好', '您好', '我想要', '我想', '我要', '想要', '想问', '问一下', '一下', '怎么办', '怎么样', '怎么', '如何',
  '在哪里', '在哪儿', '在哪', '哪里', '哪儿', '什么', '哪些', '可以吗', '需要', '办理', '的', '了', '吗', '呢', '啊', '吧', '呀', '嘛',
].sort((a, b) => b.length - a.length);

/** Single characters that carry no meaning on their own. */
const STOP_CHARS = new Set(['我', '你', '他', '她', '是', '在', '有', '要', '想', '和', '与', '及', '或', '个', '去', '带', '办', '哦', '嗯', '好', '么', '哪']);

export interface Clause {
  /** OR of alternatives; each alternative is an AND of lexemes. */
  alternatives: string[][];
}

export interface ParsedQuery {
  clauses: Clause[];
  /** Compact forms that count as an exact hit on a name or keyword (the query and its synonyms). */
  exactKeys: string[];
  /** Only one character: match it in titles and keywords only, not anywhere in a body. */
  narrow: boolean;
  /** The cleaned query, as logged when nothing is found. */
  display: string;
}

function lexemesOf(term: string): string[] {
  return tokenize(term).flatMap((t) => (t.han ? bigrams(t.text) : [t.text]));
}

type Piece = { synonyms: string[] } | { text: string };

/** Splits text at synonym terms (longest first), so each found term becomes one clause. */
function splitBySynonyms(text: string, groups: string[][]): Piece[] {
  const terms = groups
    .flatMap((group) => group.map((term) => ({ term, group })))
    .filter((t) => t.term.length > 0)
    .sort((a, b) => b.term.length - a.term.length);
  const pieces: Piece[] = [];
  let buffer = '';
  for (let i = 0; i < text.length; ) {
    const hit = terms.find((t) => text.startsWith(t.term, i));
    if (hit) {
      if (buffer) pieces.push({ text: buffer });
      buffer = '';
      pieces.push({ synonyms: hit.group });
      i += hit.term.length;
    } else {
      buffer += text[i];
      i++;
    }
  }
  if (buffer) pieces.push({ text: buffer });
  return pieces;
}

/** The admin lists' full-text filter (citizen search ranks in memory: search.terms.ts, search.index.ts). */
export function parseQuery(input: string, synonymGroups: string[][] = []): ParsedQuery | null {
  let text = normalizeForSearch(input);
  for (const filler of FILLERS) text = text.split(filler).join(' ');
  const display = tokenize(text).map((t) => t.text).join(' ');
  const compact = display.replace(/ /g, '');
  if (!compact) return null;

  const clauses: Clause[] = [];
  const chunks = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const pieces = chunks.flatMap((chunk) => splitBySynonyms(chunk, synonymGroups));
  for (const piece of pieces) {
    if ('synonyms' in piece) {
      clauses.push({ alternatives: piece.synonyms.map(lexemesOf).filter((l) => l.length > 0) });
      continue;
    }
    for (const token of tokenize(piece.text)) {
      if (token.han && token.text.length === 1 && STOP_CHARS.has(token.text)) continue;
      const grams = token.han ? bigrams(token.text) : [token.text];
      for (const gram of grams) clauses.push({ alternatives: [[gram]] });
    }
  }
  if (clauses.length === 0) return null;

  const whole = pieces.length === 1 && 'synonyms' in pieces[0]! ? pieces[0].synonyms : [];
  const exactKeys = [...new Set([compact, ...whole])];
  const only = clauses[0]!.alternatives;
  const narrow = clauses.length === 1 && only.length === 1 && only[0]!.length === 1 && [...only[0]![0]!].length === 1;
  return { clauses, exactKeys, narrow, display };
}

/** One clause as tsquery text; `weights` restricts where its lexemes may match ('A', 'AB'…). */
export function renderClause(clause: Clause, weights = ''): string {
  const suffix = weights ? `:${weights}` : '';
  const alts = clause.alternatives.map((lexemes) => lexemes.map((l) => quoteLexeme(l) + suffix).join(' & '));
  return alts.length === 1 ? `( ${alts[0]} )` : `( ${alts.map((a) => `( ${a} )`).join(' | ')} )`;
}

export function renderAll(clauses: Clause[], weights = ''): string {
  return clauses.map((c) => renderClause(c, weights)).join(' & ');
}

export function renderAny(clauses: Clause[], weights = ''): string {
  return clauses.map((c) => renderClause(c, weights)).join(' | ');
}
