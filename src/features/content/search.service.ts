import type { Logger } from 'pino';
import type { ChangeBus } from '../../infra/change-bus.js';
import { AppError, conflict } from '../../lib/errors.js';
import type { SearchHit } from './content.types.js';
import type { Reply } from '../../wechat/types.js';
import { DEFAULT_ACCOUNT_ID } from '../../wechat/account.js';
import { SearchIndex, toHit, type IndexedDoc } from './search.index.js';
import type { SearchRepository, SynonymGroup } from './search.repository.js';
import { normalizeSynonymGroups, parseQuery, QUERY_READ_CHARS, synonymTerms, warmTerms, type ParsedQuery } from './search.terms.js';
import { compactKey } from './search.text.js';

export interface SearchOutcome {
  /** Null when the text holds nothing searchable (only punctuation or filler words). */
  query: ParsedQuery | null;
  hits: SearchHit[];
  /** When nothing was found: the closest names, to offer instead. */
  suggestions: SearchHit[];
}

type SynonymTerms = ReturnType<typeof synonymTerms>;

/** At most this many results are kept for a citizen to page through. */
export const MAX_RESULTS = 50;
/** Digit runs this long are phone or ID numbers: never stored as they were typed. */
const LONG_DIGITS = /\d{6,}/g;

const SUGGESTIONS = 3;
/** How long a search waits for a rebuilt index before answering from the previous one. */
const STALE_AFTER_MS = 300;

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
 * Chinese search over guides, news and places, ranked in memory over a per-account
 * index (search.index.ts) that is rebuilt from PostgreSQL after any content change.
 * A question with extra words still finds its matter; a typo one character off a
 * name still finds it; below a relevance cut nothing is listed.
 */
export class SearchService {
  private readonly synonyms = new Map<string, Promise<SynonymTerms>>();
  private readonly indexes = new Map<string, Promise<SearchIndex>>();
  /** The last index built per account, answering while a newer one takes long to build. */
  private readonly previous = new Map<string, SearchIndex>();
  /** Accounts whose previous index is also the current one. */
  private readonly current = new Set<string>();
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
        this.indexes.clear();
        this.current.clear();
        this.results.clear();
        return;
      }
      this.synonyms.delete(accountId);
      this.indexes.delete(accountId);
      this.current.delete(accountId);
      // Rebuilt at once for an account that searches, so its next citizen rarely waits.
      if (this.previous.has(accountId)) this.index(accountId).catch(() => undefined);
      for (const [key, entry] of this.results) if (entry.accountId === accountId) this.results.delete(key);
    });
  }

  private groups(accountId: string): Promise<SynonymTerms> {
    let entry = this.synonyms.get(accountId);
    if (!entry) {
      entry = this.repo.listSynonyms(accountId).then((list) => synonymTerms(normalizeSynonymGroups(list.map((g) => g.terms))));
      this.synonyms.set(accountId, entry);
      entry.catch(() => this.synonyms.delete(accountId));
    }
    return entry;
  }

  /**
   * The account's index, built once per content version; concurrent callers share the build.
   * While a rebuild takes longer than STALE_AFTER_MS (or fails), the previous index answers:
   * tens of thousands of items take seconds to index, and a citizen's reply has 5.
   */
  private index(accountId: string): Promise<SearchIndex> {
    if (this.current.has(accountId)) return Promise.resolve(this.previous.get(accountId)!);
    let entry = this.indexes.get(accountId);
    if (!entry) {
      const building = this.repo.corpus(accountId).then((rows) => {
        warmTerms();
        return new SearchIndex(rows);
      });
      entry = building;
      this.indexes.set(accountId, building);
      building.then(
        (index) => {
          if (this.indexes.get(accountId) !== building) return;
          this.previous.set(accountId, index);
          this.current.add(accountId);
        },
        () => {
          if (this.indexes.get(accountId) === building) this.indexes.delete(accountId);
        },
      );
    }
    const stale = this.previous.get(accountId);
    if (!stale) return entry;
    const fresh = entry;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(stale), STALE_AFTER_MS);
      const settle = (index: SearchIndex) => {
        clearTimeout(timer);
        resolve(index);
      };
      fresh.then(settle, () => settle(stale));
    });
  }

  async parse(accountId: string, text: string, withSynonyms = true): Promise<ParsedQuery | null> {
    return parseQuery(text, withSynonyms ? await this.groups(accountId) : []);
  }

  search(accountId: string, input: string, limit = MAX_RESULTS): Promise<SearchOutcome> {
    // Only a bounded prefix is ever read (parseQuery), so it is also all the cache keeps.
    const text = input.slice(0, QUERY_READ_CHARS);
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
    if (!query) return { query, hits: [], suggestions: [] };
    const index = await this.index(accountId);
    const now = Date.now();
    // News becomes visible at its publication time, without any change being announced.
    const visible = (doc: IndexedDoc) => doc.kind !== 'news' || doc.at <= now;
    const ranked = index.rank(query, visible, limit);
    if (ranked.length > 0) return { query, hits: ranked.map((s) => toHit(s.doc)), suggestions: [] };
    const typos = index.typos(query.compact, visible, limit);
    if (typos.length > 0) return { query, hits: typos.map(toHit), suggestions: [] };
    return { query, hits: [], suggestions: index.suggest(query, visible, SUGGESTIONS).map(toHit) };
  }

  /**
   * A published answer found by search, as a chat reply with its H5 page; undefined when the
   * hit is not an answer or it was withdrawn.
   */
  async openAnswer(accountId: string, hit: Pick<SearchHit, 'kind' | 'id'>, baseUrl: string): Promise<Reply | undefined> {
    const found = hit.kind === 'answer' ? await this.repo.publishedAnswer(accountId, hit.id) : undefined;
    if (!found) return undefined;
    const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);
    const link = `${baseUrl}/h5/answers/${found.id}${accountId === DEFAULT_ACCOUNT_ID ? '' : `?a=${encodeURIComponent(accountId)}`}`;
    return {
      type: 'text',
      content: [`【公开答复·${found.category}】`, `问：${cut(found.question, 200)}`, `答${found.department ? `（${found.department}）` : ''}：${cut(found.answer, 400)}`, `全文：${link}`].join('\n'),
    };
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
