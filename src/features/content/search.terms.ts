import { Jieba } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict.js';
import { bigrams, compactKey, normalizeForSearch, tokenize } from './search.text.js';

/**
 * A citizen's words → concepts. Operator synonyms are found first (longest term first)
 * and each becomes one concept whose alternatives are its group's terms; the rest is
 * segmented into words by jieba, so bigrams that straddle two words (卡补 in 社保卡补办)
 * never count. A concept's terms are the bigrams of its Han words, the character of a
 * one-character word, or a Latin/digit word.
 */

/** Search reads this many characters of a message: enough for any question, bounded for any message. */
export const QUERY_MAX_CHARS = 100;
/** Raw characters read before normalising (NFKC may shrink them), so both ends stay bounded. */
export const QUERY_READ_CHARS = QUERY_MAX_CHARS * 2;

/** Conversational filler: cut out (as a boundary) before segmenting. Longest first. */
const FILLERS = [
  '请问一下', '我想问一下', '需要什么材料', '需要哪些材料', '要准备什么', '要带什么', '怎么办理', '如何办理', '在哪里办', '需要什么', '需要哪些',
  '请问', '我想要', '我想', '我要', '想要', '想问', '问一下', '一下', '怎么办', '怎么样', '怎么', '如何', '在哪里', '在哪儿', '在哪',
  '哪里', '哪儿', '什么', '哪些', '可以吗', '需要', '的', '了', '吗', '呢', '啊', '吧', '呀', '嘛',
].sort((a, b) => b.length - a.length);

/** Words that carry no matter of their own once segmented. */
const STOP_WORDS = new Set([
  '我', '你', '他', '她', '它', '是', '在', '有', '要', '想', '和', '与', '及', '或', '个', '去', '带', '办', '哦', '嗯', '好', '么', '哪', '得',
  '能', '会', '给', '把', '被', '让', '就', '都', '也', '还', '又', '再', '来', '到', '这', '那', '啥', '咋', '谁', '几', '多', '该', '从', '对', '为',
  '我们', '你们', '他们', '自己', '这个', '那个', '可以', '应该', '准备', '手续', '知道', '一个', '现在', '时候', '能不能', '可不可以', '是不是',
  '请', '帮', '帮忙', '一下', '问问', '办理', '如何', '怎样', '怎么样', '为什么', '多少', '已经', '还是', '然后', '就是', '所以', '因为',
]);

export interface Concept {
  /** Alternatives (synonyms); each is the list of terms that make it up. */
  alternatives: string[][];
  /** A one-character word: it counts only in names and keywords. */
  narrow: boolean;
  /** The word as typed (a synonym: the term found), for its everyday specificity. */
  word: string;
}

export interface ParsedQuery {
  concepts: Concept[];
  /** Compact forms that count as an exact hit on a name or keyword (the query and its synonyms). */
  exactKeys: string[];
  /** The query without filler, for typo matching. */
  compact: string;
  /** The cleaned query, as shown and logged when nothing is found. */
  display: string;
}

let jieba: Jieba | undefined;
/** Loading the dictionary takes ~200 ms: done once, on the first search. */
const segmenter = () => (jieba ??= Jieba.withDict(dict));

/**
 * jieba's idf table (about 6 MB of UTF-8, "word idf" per line), searched as bytes where it
 * lies: as a JS string it would take twice that, for the few words the content never uses.
 */
const NEWLINE = 0x0a;
const IDF = Buffer.from(idf.buffer, idf.byteOffset, idf.byteLength);
const specificityOf = new Map<string, number>();
const SPECIFICITY_MEMO = 10_000;
/** Idf values in jieba's general-language table span about 2 (的) to 14 (the rarest words). */
const COMMON_IDF = 6;
const SPECIFIC_IDF = 9;

/**
 * How much a word names a subject in everyday language, 0 (孩子, 东西) to 1 (外星人, 比特币),
 * from jieba's general-language idf table (loaded once, when first needed). Words the
 * content never uses weigh this much: an unknown subject is not an answer, an everyday
 * word around a known one is no obstacle.
 */
export function specificity(word: string): number {
  const known = specificityOf.get(word);
  if (known !== undefined) return known;
  // Parsing the whole table into a map takes seconds on a busy machine; one scan takes milliseconds.
  const line = Buffer.from(`${word} `);
  let at = IDF.subarray(0, line.length).equals(line) ? 0 : IDF.indexOf(Buffer.from(`\n${word} `));
  let value = 1;
  if (at >= 0) {
    if (at > 0 || IDF[0] === NEWLINE) at += 1;
    const start = at + line.length;
    const end = IDF.indexOf(NEWLINE, start);
    const idfValue = Number(IDF.toString('latin1', start, end < 0 ? IDF.length : end));
    value = Math.min(1, Math.max(0, (idfValue - COMMON_IDF) / (SPECIFIC_IDF - COMMON_IDF)));
  }
  if (specificityOf.size >= SPECIFICITY_MEMO) specificityOf.clear();
  specificityOf.set(word, value);
  return value;
}

/** Loads the segmenter's dictionary and idf table, so that cost falls on building an index, not on a citizen's question. */
export function warmTerms(): void {
  segmenter();
}

/** Terms of a word as the index holds them. */
export function termsOf(word: string): string[] {
  return tokenize(normalizeForSearch(word)).flatMap((t) => (t.han ? bigrams(t.text) : [t.text]));
}

type Piece = { group: string[] } | { text: string };

function splitBySynonyms(text: string, terms: Array<{ term: string; group: string[] }>): Piece[] {
  const pieces: Piece[] = [];
  let buffer = '';
  for (let i = 0; i < text.length; ) {
    const hit = terms.find((t) => text.startsWith(t.term, i));
    if (hit) {
      if (buffer) pieces.push({ text: buffer });
      buffer = '';
      pieces.push({ group: hit.group });
      i += hit.term.length;
    } else {
      buffer += text[i];
      i++;
    }
  }
  if (buffer) pieces.push({ text: buffer });
  return pieces;
}

/** Normalised synonym groups (compact keys), as parseQuery expects them. */
export function normalizeSynonymGroups(groups: string[][]): string[][] {
  return groups.map((g) => [...new Set(g.map(compactKey).filter(Boolean))]).filter((g) => g.length >= 2);
}

/** Synonym terms longest first, for splitBySynonyms; built once per synonym set. */
export function synonymTerms(groups: string[][]): Array<{ term: string; group: string[] }> {
  return groups.flatMap((group) => group.map((term) => ({ term, group }))).sort((a, b) => b.term.length - a.term.length);
}

export function parseQuery(input: string, synonyms: Array<{ term: string; group: string[] }> = []): ParsedQuery | null {
  let text = normalizeForSearch(input.slice(0, QUERY_READ_CHARS)).slice(0, QUERY_MAX_CHARS);
  const whole = compactKey(text);
  for (const filler of FILLERS) text = text.split(filler).join(' ');
  const display = tokenize(text).map((t) => t.text).join(' ');
  const compact = display.replace(/ /g, '');
  if (!compact) return null;

  const concepts: Concept[] = [];
  const wholeGroups: string[][] = [];
  const chunks = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const chunk of chunks) {
    const pieces = splitBySynonyms(chunk, synonyms);
    for (const piece of pieces) {
      if ('group' in piece) {
        concepts.push({ alternatives: piece.group.map(termsOf).filter((t) => t.length > 0), narrow: false, word: piece.group[0]! });
        if (pieces.length === 1 && chunks.length === 1) wholeGroups.push(piece.group);
        continue;
      }
      for (const word of segmenter().cut(piece.text, false)) {
        for (const token of tokenize(word)) {
          if (STOP_WORDS.has(token.text)) continue;
          if (token.han && token.text.length === 1) concepts.push({ alternatives: [[token.text]], narrow: true, word: token.text });
          else concepts.push({ alternatives: [token.han ? bigrams(token.text) : [token.text]], narrow: false, word: token.text });
        }
      }
    }
  }
  if (concepts.length === 0) return null;
  const exactKeys = [...new Set([compact, whole, ...wholeGroups.flat()])].filter(Boolean);
  return { concepts, exactKeys, compact, display };
}
