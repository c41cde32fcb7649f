import type { ResultKind, SearchHit } from './content.types.js';
import type { CorpusRow } from './search.fields.js';
import { specificity, type Concept, type ParsedQuery } from './search.terms.js';
import { nearlyIn, TYPO_MAX, TYPO_MIN, TypoKeys } from './search.typos.js';
import { compactKey, normalizeForSearch, tokenize } from './search.text.js';

/**
 * One account's published content as an in-memory inverted index, ranked BM25F-style:
 * each field has a weight and its own length normalisation, a concept's score is its
 * best synonym's, and the total is scaled by how much of the question (by idf) the
 * document covers. PostgreSQL stays the source of truth; the index is rebuilt after
 * any content change.
 */

const FIELDS = 4;
/** name, keywords, department/summary, body */
const WEIGHTS = [3, 1.8, 0.6, 0.15];
const B = [0.5, 0.4, 0.6, 0.75];
const K1 = 1.2;
/** Below this share of the question's weight, a document is not an answer. */
export const MIN_COVERAGE = 0.5;
/** Below this share of the best score, a document is not listed. */
export const RELATIVE_CUT = 0.4;
/** A lone character found in more than this share of names says nothing. */
const COMMON_CHAR_SHARE = 0.2;
const KIND_ORDER: Record<ResultKind, number> = { guide: 0, news: 1, place: 2, answer: 3 };
/** Citizens' questions are mostly about getting something done: guides first among near equals. */
const KIND_BOOST: Record<ResultKind, number> = { guide: 1.15, news: 0.95, place: 1, answer: 0.95 };

interface Posting {
  docs: Int32Array;
  /** FIELDS term frequencies per posting. */
  tf: Uint8Array;
}

export interface IndexedDoc {
  kind: ResultKind;
  id: number;
  title: string;
  subtitle: string | null;
  at: number;
  keys: Set<string>;
}

export interface Scored {
  doc: IndexedDoc;
  score: number;
  coverage: number;
  exact: boolean;
}

/** Index terms of one field: bigrams of Han runs (and their characters in names and keywords) and other words. */
function fieldTerms(text: string, withChars: boolean): string[] {
  const out: string[] = [];
  for (const token of tokenize(normalizeForSearch(text))) {
    if (!token.han) {
      out.push(token.text);
      continue;
    }
    const chars = [...token.text];
    chars.forEach((c, i) => {
      if (withChars || chars.length === 1) out.push(c);
      if (i + 1 < chars.length) out.push(c + chars[i + 1]!);
    });
  }
  return out;
}

export class SearchIndex {
  readonly docs: IndexedDoc[] = [];
  private readonly postings = new Map<string, Posting>();
  private readonly lengths: Float32Array;
  private readonly avg = new Float64Array(FIELDS);
  private typoKeys?: TypoKeys;
  /** Per-query accumulators, reused: a search allocates nothing per document. */
  private buffers?: [Scratch, Scratch, Scratch];

  constructor(rows: CorpusRow[]) {
    const building = new Map<string, { docs: number[]; tf: number[] }>();
    this.lengths = new Float32Array(rows.length * FIELDS);
    rows.forEach((row, d) => {
      this.docs.push({ kind: row.kind, id: row.id, title: row.title, subtitle: row.subtitle, at: row.at, keys: new Set(row.keys.map(compactKey).filter(Boolean)) });
      for (let f = 0; f < FIELDS; f++) {
        const terms = fieldTerms(row.fields[f]!, f < 2);
        this.lengths[d * FIELDS + f] = terms.length;
        this.avg[f] = this.avg[f]! + terms.length;
        for (const term of terms) {
          let p = building.get(term);
          if (!p) building.set(term, (p = { docs: [], tf: [] }));
          let at = p.docs.length - 1;
          if (p.docs[at] !== d) {
            p.docs.push(d);
            p.tf.push(0, 0, 0, 0);
            at++;
          }
          const i = at * FIELDS + f;
          if (p.tf[i]! < 255) p.tf[i]!++;
        }
      }
    });
    for (let f = 0; f < FIELDS; f++) this.avg[f] = Math.max(1, this.avg[f]! / Math.max(1, rows.length));
    for (const [term, p] of building) this.postings.set(term, { docs: Int32Array.from(p.docs), tf: Uint8Array.from(p.tf) });
  }

  get size(): number {
    return this.docs.length;
  }

  private idf(df: number): number {
    const n = this.docs.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** BM25F of one term, added per document into `score` and `present` (the share of the alternative found). */
  private addTerm(term: string, narrow: boolean, share: number, into: Scratch): void {
    const p = this.postings.get(term);
    if (!p) return;
    const idf = this.idf(p.docs.length);
    const last = narrow ? 2 : FIELDS;
    for (let i = 0; i < p.docs.length; i++) {
      const d = p.docs[i]!;
      let tf = 0;
      for (let f = 0; f < last; f++) {
        const n = p.tf[i * FIELDS + f]!;
        if (n) tf += (WEIGHTS[f]! * n) / (1 - B[f]! + (B[f]! * this.lengths[d * FIELDS + f]!) / this.avg[f]!);
      }
      if (tf <= 0) continue;
      into.touch(d);
      into.score[d]! += share * idf * ((tf * (K1 + 1)) / (K1 + tf));
      into.present[d]! += share;
      if (p.tf[i * FIELDS]! + p.tf[i * FIELDS + 1]! + p.tf[i * FIELDS + 2]! > 0) into.strong[d]! += share;
    }
  }

  /** A concept's weight in the question: its rarest alternative's mean idf. */
  private conceptWeight(c: Concept): number {
    let best = 0;
    for (const alt of c.alternatives) {
      const mean = alt.reduce((sum, t) => sum + this.idf(this.postings.get(t)?.docs.length ?? 0), 0) / Math.max(1, alt.length);
      best = Math.max(best, mean);
    }
    return best;
  }

  private scratch(): [Scratch, Scratch, Scratch] {
    return (this.buffers ??= [new Scratch(this.docs.length), new Scratch(this.docs.length), new Scratch(this.docs.length)]);
  }

  /** Every document answering the question, best first; `visible` filters (e.g. news not yet published). */
  rank(query: ParsedQuery, visible: (doc: IndexedDoc) => boolean, limit = Number.MAX_SAFE_INTEGER): Scored[] {
    const concepts = query.concepts;
    const common = (c: Concept) => (this.postings.get(c.alternatives[0]![0]!)?.docs.length ?? 0) > this.docs.length * COMMON_CHAR_SHARE;
    if (concepts.every((c) => c.narrow && common(c))) return [];
    // A word the content never uses weighs as much as it names a subject in everyday language.
    const unknown = this.idf(0);
    const weights = concepts.map((c) => (c.alternatives.some((a) => a.some((t) => this.postings.has(t))) ? this.conceptWeight(c) : unknown * specificity(c.word)));
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) return [];
    // acc: score = summed concept scores, present = covered weight; concept: best alternative; alt: one alternative.
    const [acc, concept, alt] = this.scratch();
    acc.reset();
    concepts.forEach((c, ci) => {
      concept.reset();
      for (const terms of c.alternatives) {
        alt.reset();
        for (const term of terms) this.addTerm(term, c.narrow, 1 / terms.length, alt);
        for (let k = 0; k < alt.count; k++) {
          const d = alt.touched[k]!;
          concept.touch(d);
          if (alt.score[d]! > concept.score[d]!) concept.score[d] = alt.score[d]!;
          if (alt.present[d]! > concept.present[d]!) concept.present[d] = Math.min(1, alt.present[d]!);
          if (alt.strong[d]! > concept.strong[d]!) concept.strong[d] = Math.min(1, alt.strong[d]!);
        }
      }
      for (let k = 0; k < concept.count; k++) {
        const d = concept.touched[k]!;
        acc.touch(d);
        acc.score[d]! += concept.score[d]!;
        acc.present[d]! += concept.present[d]! * weights[ci]!;
        acc.strong[d]! += concept.strong[d]! * weights[ci]!;
        if (!c.narrow) acc.wide[d] = 1;
        else if (concept.present[d]! >= 0.99) acc.chars[d]!++;
      }
    });
    let top = 0;
    for (let k = 0; k < acc.count; k++) {
      const d = acc.touched[k]!;
      const coverage = acc.present[d]! / total;
      // Found only in bodies: an answer only when every word of a longer question is there.
      const bodyOnly = acc.strong[d]! === 0 && (coverage < 0.99 || concepts.length < 2);
      // Lone characters alone (拿红本 → 本 in 基本医疗保险) answer only when every one of them is there.
      const charsOnly = acc.wide[d] === 0 && acc.chars[d]! < concepts.length;
      acc.score[d] = coverage < MIN_COVERAGE || bodyOnly || charsOnly ? 0 : acc.score[d]! * coverage * coverage * KIND_BOOST[this.docs[d]!.kind];
      if (acc.score[d]! > top) top = acc.score[d]!;
    }
    let cut = Math.max(top * RELATIVE_CUT, Number.MIN_VALUE);
    // Only the best `limit` are kept: past a few hundred candidates, raise the cut to the limit-th score first.
    const above: number[] = [];
    for (let k = 0; k < acc.count; k++) if (acc.score[acc.touched[k]!]! >= cut) above.push(acc.score[acc.touched[k]!]!);
    if (above.length > limit * 4) cut = Float64Array.from(above).sort().reverse()[limit - 1]!;
    const out: Scored[] = [];
    for (let k = 0; k < acc.count; k++) {
      const d = acc.touched[k]!;
      const score = acc.score[d]!;
      if (score <= 0) continue;
      const doc = this.docs[d]!;
      const exact = query.exactKeys.some((key) => doc.keys.has(key));
      if ((score < cut && !exact) || !visible(doc)) continue;
      out.push({ doc, score, coverage: acc.present[d]! / total, exact });
    }
    return out.sort(compareScored).slice(0, limit);
  }

  /** Closest names for a question nothing answered: any of its words in a name or keyword. */
  suggest(query: ParsedQuery, visible: (doc: IndexedDoc) => boolean, limit: number): IndexedDoc[] {
    const [acc] = this.scratch();
    acc.reset();
    for (const c of query.concepts) {
      if (c.narrow) continue;
      for (const alt of c.alternatives) for (const term of alt) this.addTerm(term, true, 1 / alt.length, acc);
    }
    return [...acc.touched.subarray(0, acc.count)]
      .filter((d) => visible(this.docs[d]!))
      .sort((a, b) => acc.score[b]! - acc.score[a]! || a - b)
      .slice(0, limit)
      .map((d) => this.docs[d]!);
  }

  /** Names and keywords one character off the question (or off a stretch of it). */
  typos(compact: string, visible: (doc: IndexedDoc) => boolean, limit: number): IndexedDoc[] {
    if (compact.length < TYPO_MIN || compact.length > TYPO_MAX) return [];
    const typo = (this.typoKeys ??= new TypoKeys(this.docs));
    const found = new Set<number>();
    for (const k of typo.candidates(compact)) {
      if (!nearlyIn(typo.keys[k]!, compact)) continue;
      for (const d of typo.docs[k]!) if (visible(this.docs[d]!)) found.add(d);
      if (found.size >= limit) break;
    }
    return [...found].sort((a, b) => a - b).slice(0, limit).map((d) => this.docs[d]!);
  }
}

/** Sparse per-document sums over a dense array: only touched entries are reset. */
class Scratch {
  readonly score: Float64Array;
  readonly present: Float64Array;
  /** The share found in a name, keyword or summary rather than only in a body. */
  readonly strong: Float64Array;
  /** 1 when a word of two characters or more matched, not only lone characters. */
  readonly wide: Uint8Array;
  /** How many lone characters of the question were found. */
  readonly chars: Uint8Array;
  readonly touched: Int32Array;
  private readonly seen: Uint8Array;
  count = 0;

  constructor(size: number) {
    this.score = new Float64Array(size);
    this.present = new Float64Array(size);
    this.strong = new Float64Array(size);
    this.wide = new Uint8Array(size);
    this.chars = new Uint8Array(size);
    this.touched = new Int32Array(size);
    this.seen = new Uint8Array(size);
  }

  touch(d: number): void {
    if (this.seen[d]) return;
    this.seen[d] = 1;
    this.touched[this.count++] = d;
  }

  reset(): void {
    for (let k = 0; k < this.count; k++) {
      const d = this.touched[k]!;
      this.score[d] = 0;
      this.present[d] = 0;
      this.strong[d] = 0;
      this.wide[d] = 0;
      this.chars[d] = 0;
      this.seen[d] = 0;
    }
    this.count = 0;
  }
}

export function compareScored(a: Scored, b: Scored): number {
  return Number(b.exact) - Number(a.exact) || b.score - a.score || KIND_ORDER[a.doc.kind] - KIND_ORDER[b.doc.kind] || b.doc.at - a.doc.at || b.doc.id - a.doc.id;
}

export const toHit = (doc: IndexedDoc): SearchHit => ({ kind: doc.kind, id: doc.id, title: doc.title, subtitle: doc.subtitle });
