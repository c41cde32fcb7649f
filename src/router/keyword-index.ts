import { AhoCorasick } from './aho-corasick.js';
import { compileKeywordRegex, type KeywordRegex } from './keyword-regex.js';
import { normalizeText } from './normalize.js';
import type { Keyword } from './types.js';

/**
 * Keyword lookup that does not slow down as rules grow: a hash map for exact
 * keywords and one Aho–Corasick automaton for every "contains" keyword. Regex
 * keywords cannot be indexed and are tried one by one on RE2; operators are told so.
 * A stored pattern RE2 cannot compile (saved before validation used RE2) never matches.
 */
export class KeywordIndex<T> {
  private readonly exact = new Map<string, T[]>();
  private readonly contains: AhoCorasick;
  private readonly containsOwners: T[] = [];
  private readonly regexes: Array<{ re: KeywordRegex; owner: T }> = [];

  constructor(entries: Iterable<{ owner: T; keywords: Keyword[] }>) {
    const patterns: Array<{ id: number; text: string }> = [];
    for (const { owner, keywords } of entries) {
      for (const keyword of keywords) {
        if (keyword.match === 'regex') {
          const compiled = compileKeywordRegex(keyword.text);
          if (compiled.ok) this.regexes.push({ re: compiled.re, owner });
          continue;
        }
        const text = normalizeText(keyword.text);
        if (!text) continue;
        if (keyword.match === 'exact') {
          const list = this.exact.get(text);
          if (list) list.push(owner);
          else this.exact.set(text, [owner]);
        } else {
          patterns.push({ id: this.containsOwners.length, text });
          this.containsOwners.push(owner);
        }
      }
    }
    this.contains = new AhoCorasick(patterns);
  }

  /** Every owner with a keyword matching the text. `normalized` must come from normalizeText. */
  match(normalized: string, raw: string = normalized): Set<T> {
    const owners = new Set<T>(this.exact.get(normalized));
    for (const id of this.contains.search(normalized)) owners.add(this.containsOwners[id]!);
    for (const { re, owner } of this.regexes) if (re.test(raw)) owners.add(owner);
    return owners;
  }
}
