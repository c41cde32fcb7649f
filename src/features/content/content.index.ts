import { kindLabel } from './places.kinds.js';
import { buildTsvector, compactKey } from './search.text.js';
import type { GuideInput, NewsInput, PlaceInput, SearchIndex } from './content.types.js';

/**
 * What each kind of content puts in the search index. Weights rank the hit:
 * A = the name or title, B = keywords and categories, C = summaries and units,
 * D = everything else a citizen might search for.
 */

const keys = (...values: Array<string | null | undefined>): string[] =>
  [...new Set(values.filter((v): v is string => Boolean(v)).map(compactKey).filter(Boolean))];

const lines = (...values: Array<string | null | undefined>): string => values.filter(Boolean).join('\n');

export function guideIndex(input: GuideInput): SearchIndex {
  const vector = buildTsvector([
    { weight: 'A', text: lines(input.name, input.shortName) },
    { weight: 'B', text: lines(...(input.keywords ?? []), input.code) },
    { weight: 'C', text: lines(input.summary, input.department, input.acceptingUnit, input.itemType) },
    {
      weight: 'D',
      text: lines(
        ...(input.conditions ?? []),
        ...(input.materials ?? []).map((m) => lines(m.name, m.note)),
        ...(input.process ?? []),
        ...(input.faqs ?? []).map((f) => lines(f.q, f.a)),
        ...(input.basis ?? []),
        ...(input.locations ?? []).map((l) => lines(l.name, l.address)),
        ...(input.forms ?? []).map((f) => f.name),
      ),
    },
  ]);
  return { vector, matchKeys: keys(input.name, input.shortName, input.code, ...(input.keywords ?? [])) };
}

export function newsIndex(input: NewsInput): SearchIndex {
  const vector = buildTsvector([
    { weight: 'A', text: input.title },
    { weight: 'B', text: input.category },
    { weight: 'C', text: input.summary },
    { weight: 'D', text: input.body },
  ]);
  return { vector, matchKeys: keys(input.title) };
}

export function placeIndex(input: PlaceInput): SearchIndex {
  const vector = buildTsvector([
    { weight: 'A', text: input.name },
    { weight: 'B', text: lines(kindLabel(input.kind), input.kind) },
    { weight: 'C', text: lines(input.address, input.note) },
  ]);
  return { vector, matchKeys: keys(input.name) };
}
