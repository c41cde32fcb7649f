import type { ChangeBus } from '../../infra/change-bus.js';
import { badRequest, conflict } from '../../lib/errors.js';
import { guideIndex, newsIndex, placeIndex } from './content.index.js';
import type { ContentStatus, Guide, GuideInput, News, NewsInput, Page, Place, PlaceInput } from './content.types.js';
import type { GuideRepository } from './guides.repository.js';
import type { NewsRepository } from './news.repository.js';
import type { PlaceRepository } from './places.repository.js';
import { parseQuery, renderAll } from './search.query.js';

export interface ListQuery {
  status?: ContentStatus;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Admin list filter `q`: the same Chinese-aware match as citizen search, without synonyms. */
function tsqueryOf(q: string | undefined): string | undefined | null {
  if (!q?.trim()) return undefined;
  const parsed = parseQuery(q);
  return parsed ? renderAll(parsed.clauses) : null;
}

function paging(query: ListQuery) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

const empty = <T>(query: ListQuery): Page<T> => ({ items: [], total: 0, page: query.page ?? 1, pageSize: query.pageSize ?? 20 });

/** Checks the schema cannot express: paired coordinates, promised within statutory time. */
export function checkGuide(input: GuideInput, at = ''): void {
  input.locations?.forEach((l, i) => {
    if ((l.lat === undefined) !== (l.lng === undefined)) throw badRequest(`${at}locations[${i}].lng`, `${at}locations[${i}]: lat 与 lng 须同时提供`);
  });
  const t = input.timeLimit;
  if (t && typeof t.promised === 'number' && typeof t.statutory === 'number' && (t.statutoryUnit ?? t.unit) === t.unit && t.promised > t.statutory) {
    throw badRequest(`${at}timeLimit.promised`, `${at}timeLimit.promised: 承诺时限不能超过法定时限`);
  }
}

function checkPlace(input: PlaceInput): void {
  if ((input.lat == null) !== (input.lng == null)) throw badRequest(input.lat == null ? 'lat' : 'lng', 'lat 与 lng 须同时提供');
}

/**
 * Operator-side CRUD of news, guides and places; every write refreshes the row's search
 * index and announces the change on the content bus, so cached search results are dropped
 * on every instance.
 */
export class ContentService {
  constructor(
    readonly news: NewsRepository,
    readonly guides: GuideRepository,
    readonly places: PlaceRepository,
    private readonly bus: ChangeBus,
  ) {}

  /** Announces a write that happened (a truthy result), then passes the result on. */
  private async changed<T>(accountId: string, result: T): Promise<T> {
    if (result) await this.bus.publish(accountId);
    return result;
  }

  async listNews(accountId: string, query: ListQuery & { category?: string }): Promise<Page<News>> {
    const tsquery = tsqueryOf(query.q);
    if (tsquery === null) return empty(query);
    const { page, pageSize, limit, offset } = paging(query);
    const found = await this.news.list(accountId, { category: query.category, status: query.status, tsquery, limit, offset });
    return { ...found, page, pageSize };
  }

  async createNews(accountId: string, input: NewsInput): Promise<News> {
    return this.changed(accountId, await this.news.create(accountId, input, newsIndex(input)));
  }

  async updateNews(accountId: string, id: number, input: NewsInput): Promise<News | undefined> {
    return this.changed(accountId, await this.news.update(accountId, id, input, newsIndex(input)));
  }

  async removeNews(accountId: string, id: number): Promise<boolean> {
    return this.changed(accountId, await this.news.remove(accountId, id));
  }

  async listGuides(accountId: string, query: ListQuery & { department?: string }): Promise<Page<Guide>> {
    const tsquery = tsqueryOf(query.q);
    if (tsquery === null) return empty(query);
    const { page, pageSize, limit, offset } = paging(query);
    const found = await this.guides.list(accountId, { status: query.status, department: query.department, tsquery, limit, offset });
    return { ...found, page, pageSize };
  }

  async createGuide(accountId: string, input: GuideInput): Promise<Guide> {
    checkGuide(input);
    const guide = await this.guides.create(accountId, input, guideIndex(input));
    if (!guide) throw conflict(`guide code "${input.code}" already exists`);
    return this.changed(accountId, guide);
  }

  async updateGuide(accountId: string, id: number, input: GuideInput): Promise<Guide | undefined> {
    checkGuide(input);
    const guide = await this.guides.update(accountId, id, input, guideIndex(input));
    if (guide === 'conflict') throw conflict(`guide code "${input.code}" already exists`);
    return this.changed(accountId, guide);
  }

  async removeGuide(accountId: string, id: number): Promise<boolean> {
    return this.changed(accountId, await this.guides.remove(accountId, id));
  }

  /** All rows or none; `created` tells new codes from updated ones. */
  async importGuides(accountId: string, inputs: GuideInput[]) {
    return this.changed(accountId, await this.guides.upsertAll(accountId, inputs.map((input) => ({ input, index: guideIndex(input) }))));
  }

  async listPlaces(accountId: string, query: ListQuery & { kind?: string }): Promise<Page<Place>> {
    const tsquery = tsqueryOf(query.q);
    if (tsquery === null) return empty(query);
    const { page, pageSize, limit, offset } = paging(query);
    const found = await this.places.list(accountId, { kind: query.kind, status: query.status, tsquery, limit, offset });
    return { ...found, page, pageSize };
  }

  async createPlace(accountId: string, input: PlaceInput): Promise<Place> {
    checkPlace(input);
    return this.changed(accountId, await this.places.create(accountId, input, placeIndex(input)));
  }

  async updatePlace(accountId: string, id: number, input: PlaceInput): Promise<Place | undefined> {
    checkPlace(input);
    return this.changed(accountId, await this.places.update(accountId, id, input, placeIndex(input)));
  }

  async removePlace(accountId: string, id: number): Promise<boolean> {
    return this.changed(accountId, await this.places.remove(accountId, id));
  }
}
