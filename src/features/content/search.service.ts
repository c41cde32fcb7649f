import type { Logger } from 'pino';
import type { ChangeBus } from '../../infra/change-bus.js';
import { AppError, conflict } from '../../lib/errors.js';
import type { SearchHit } from './content.types.js';
import { normalizeSynonymGroups, parseQuery, renderAll, renderAny, renderClause, type ParsedQuery } from './search.query.js';
import type { SearchRepository, SynonymGroup } from './search.repository.js';
import { compactKey } from './search.text.js';

export interface SearchOutcome {
  /** Null when the text holds nothing searchable (only punctuation or filler words). */
  query: ParsedQuery | null;
  hits: SearchHit[];
}

/** At most this many results are kept for a citizen to page through. */
export const MAX_RESULTS = 50;
/** Digit runs this long are phone or ID numbers: never stored as they were typed. */
const LONG_DIGITS = /\d{6,}/g;

/** Relaxed mode: the share of a query's clauses that must hit a title or keyword. */
const RELAXED_SHARE = 0.4;

export interface SearchCacheOptions {
  /**
   * How long a search's results are reused for the same text (0: never). Operator edits
   * drop them at once through the change bus; the time bounds only what no edit announces,
   * such as news reaching its publication time.
   */
  resultTtlMs: number;
  /** Most result sets kept, over all accounts; the oldest goes first. */
  maxEntries: number;
}

const DEFAULT_CACHE: SearchCacheOptions = { resultTtlMs: 30_000, maxEntries: 2_000 };

/**
 * Chinese search over guides, news and places: strict first (every clause of the
 * query matches), then relaxed (enough clauses match in a title or keyword) so a
 * conversational sentence still finds its matter.
 */
export class SearchService {
  private readonly synonyms = new Map<string, Promise<string[][]>>();
  /**
   * Recent results by account, limit and text. A burst after a push asks the same few
   * questions thousands of times; concurrent identical searches also share one query.
   */
  private readonly results = new Map<string, { accountId: string; expiresAt: number; outcome: Promise<SearchOutcome> }>();

  /**
   * @param bus content changes: synonym groups (published here) and news, guides and
   *   places (published by ContentService) drop this account's cached synonyms and results.
   */
  constructor(
    private readonly repo: SearchRepository,
    private readonly bus: ChangeBus,
    private readonly log: Logger,
    private readonly cache: SearchCacheOptions = DEFAULT_CACHE,
  ) {
    bus.onChange((accountId) => {
      if (accountId === null) {
        this.synonyms.clear();
        this.results.clear();
        return;
      }
      this.synonyms.delete(accountId);
      for (const [key, entry] of this.results) if (entry.accountId === accountId) this.results.delete(key);
    });
  }

  private groups(accountId: string): Promise<string[][]> {
    let entry = this.synonyms.get(accountId);
    if (!entry) {
      entry = this.repo.listSynonyms(accountId).then((list) => normalizeSynonymGroups(list.map((g) => g.terms)));
      this.synonyms.set(accountId, entry);
      entry.catch(() => this.synonyms.delete(accountId));
    }
    return entry;
  }

  async parse(accountId: string, text: string, withSynonyms = true): Promise<ParsedQuery | null> {
    return parseQuery(text, withSynonyms ? await this.groups(accountId) : []);
  }

  search(accountId: string, text: string, limit = MAX_RESULTS): Promise<SearchOutcome> {
    if (this.cache.resultTtlMs <= 0) return this.lookup(accountId, text, limit);
    const key = `${accountId}\u0000${limit}\u0000${text}`;
    const now = Date.now();
    const cached = this.results.get(key);
    if (cached && cached.expiresAt > now) return cached.outcome;
    if (cached) this.results.delete(key);
    const outcome = this.lookup(accountId, text, limit);
    const entry = { accountId, expiresAt: now + this.cache.resultTtlMs, outcome };
    while (this.results.size >= this.cache.maxEntries) this.results.delete(this.results.keys().next().value!);
    this.results.set(key, entry);
    // A failed search is not remembered; only this entry is dropped, not a newer one for the same key.
    outcome.catch(() => {
      if (this.results.get(key) === entry) this.results.delete(key);
    });
    return outcome;
  }

  private async lookup(accountId: string, text: string, limit: number): Promise<SearchOutcome> {
    const query = await this.parse(accountId, text);
    if (!query) return { query, hits: [] };
    const { clauses, narrow, exactKeys } = query;
    // A lone character is only meaningful where it names something: titles and keywords.
    const weights = narrow ? 'AB' : '';
    const strict = await this.repo.search(accountId, {
      match: renderAll(clauses, weights),
      title: renderAll(clauses, 'A'),
      exactKeys,
      clauses: [],
      minClauses: 0,
      limit,
    });
    if (strict.length > 0 || clauses.length < 2) return { query, hits: strict };
    const relaxed = await this.repo.search(accountId, {
      match: renderAny(clauses, 'AB'),
      title: renderAll(clauses, 'A'),
      exactKeys,
      clauses: clauses.map((c) => renderClause(c, 'AB')),
      minClauses: Math.max(1, Math.ceil(clauses.length * RELAXED_SHARE)),
      limit,
    });
    return { query, hits: relaxed };
  }

  /** Remembers a query that found nothing, for GET /admin/api/search/unmatched. */
  async recordUnmatched(accountId: string, query: ParsedQuery): Promise<void> {
    const text = query.display.replace(LONG_DIGITS, (d) => `${d.slice(0, 2)}***`).slice(0, 100);
    try {
      await this.repo.recordUnmatched(accountId, text);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'unmatched search query not recorded');
    }
  }

  topUnmatched(accountId: string, limit: number, sinceDays: number | null) {
    return this.repo.topUnmatched(accountId, limit, sinceDays);
  }

  clearUnmatched(accountId: string, query: string | null) {
    return this.repo.clearUnmatched(accountId, query);
  }

  listSynonyms(accountId: string): Promise<SynonymGroup[]> {
    return this.repo.listSynonyms(accountId);
  }

  /** A term may belong to one group only, so its expansion is unambiguous. */
  private async checkTerms(accountId: string, terms: string[], exceptId?: number): Promise<string[]> {
    const cleaned = terms.map((t) => t.trim());
    const seen = new Map<string, number>();
    cleaned.forEach((term, i) => {
      const key = compactKey(term);
      if (!key) throw new AppError(400, 'VALIDATION', `terms[${i}]: 需包含汉字、字母或数字`, `terms[${i}]`);
      if (seen.has(key)) throw new AppError(400, 'VALIDATION', `terms[${i}]: 与 terms[${seen.get(key)}] 重复`, `terms[${i}]`);
      seen.set(key, i);
    });
    for (const group of await this.repo.listSynonyms(accountId)) {
      if (group.id === exceptId) continue;
      const taken = group.terms.find((t) => seen.has(compactKey(t)));
      if (taken) throw conflict(`“${taken}”已在同义词组 ${group.id} 中`);
    }
    return cleaned;
  }

  async createSynonyms(accountId: string, terms: string[]): Promise<SynonymGroup> {
    const group = await this.repo.createSynonyms(accountId, await this.checkTerms(accountId, terms));
    await this.bus.publish(accountId);
    return group;
  }

  async updateSynonyms(accountId: string, id: number, terms: string[]): Promise<SynonymGroup | undefined> {
    const group = await this.repo.updateSynonyms(accountId, id, await this.checkTerms(accountId, terms, id));
    if (group) await this.bus.publish(accountId);
    return group;
  }

  async removeSynonyms(accountId: string, id: number): Promise<boolean> {
    const removed = await this.repo.removeSynonyms(accountId, id);
    if (removed) await this.bus.publish(accountId);
    return removed;
  }
}
