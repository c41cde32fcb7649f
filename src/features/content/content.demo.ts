import { readDemo } from '../../demo/demo-files.js';
import type { ContentService } from './content.service.js';
import type { GuideInput, NewsInput, PlaceInput } from './content.types.js';
import type { SearchService } from './search.service.js';

export interface ContentDemo {
  guides: GuideInput[];
  news: NewsInput[];
  places: PlaceInput[];
  synonyms: string[][];
}

/** Loads config/demo/content.json (fictional) into an account; the guides go in as one import. */
export async function seedContentDemo(accountId: string, content: ContentService, search: SearchService): Promise<void> {
  const demo = await readDemo<ContentDemo>('content.json');
  await content.importGuides(accountId, demo.guides);
  for (const item of demo.news) await content.createNews(accountId, item);
  for (const place of demo.places) await content.createPlace(accountId, place);
  for (const terms of demo.synonyms) await search.createSynonyms(accountId, terms);
}
