import type { GuideInput, ResultKind } from './content.types.js';
import { kindLabel } from './places.kinds.js';

/**
 * What each kind of content puts in the in-memory index, by field:
 * 0 = name or title, 1 = keywords, categories and synonyms, 2 = department and summary, 3 = body.
 */

export type FieldTexts = [string, string, string, string];

export interface CorpusRow {
  kind: ResultKind;
  id: number;
  title: string;
  subtitle: string | null;
  /** Epoch ms: newer first among equals; for news also when it becomes visible. */
  at: number;
  fields: FieldTexts;
  /** Names and keywords, compared whole for exact hits and typos. */
  keys: string[];
}

const lines = (...values: Array<string | null | undefined>): string => values.filter(Boolean).join('\n');

/** Bodies longer than this are indexed by their beginning only. */
const BODY_CHARS = 4_000;

export function guideFields(doc: Omit<GuideInput, 'status'>): { fields: FieldTexts; keys: string[] } {
  const fields: FieldTexts = [
    lines(doc.name, doc.shortName),
    lines(...(doc.keywords ?? []), doc.code),
    lines(doc.department, doc.acceptingUnit, doc.itemType, doc.summary),
    lines(
      ...(doc.conditions ?? []),
      ...(doc.materials ?? []).map((m) => lines(m.name, m.note)),
      ...(doc.process ?? []),
      ...(doc.faqs ?? []).map((f) => lines(f.q, f.a)),
      ...(doc.locations ?? []).map((l) => lines(l.name, l.address)),
      ...(doc.forms ?? []).map((f) => f.name),
    ).slice(0, BODY_CHARS),
  ];
  return { fields, keys: [doc.name, doc.shortName ?? '', doc.code, ...(doc.keywords ?? [])] };
}

export function newsFields(n: { title: string; category: string; summary: string; body: string }): { fields: FieldTexts; keys: string[] } {
  return { fields: [n.title, n.category, n.summary, n.body.slice(0, BODY_CHARS)], keys: [n.title] };
}

export function placeFields(p: { name: string; kind: string; address: string | null; note: string | null }): { fields: FieldTexts; keys: string[] } {
  return { fields: [p.name, lines(kindLabel(p.kind), p.kind), lines(p.address), lines(p.note)], keys: [p.name] };
}

/** Published answers (公开答复): indexed with the guides and news, shown with this subtitle. */
export const ANSWER_SUBTITLE = '公开答复';

export function answerFields(a: { question: string; answer: string; category: string; department: string | null }): { fields: FieldTexts; keys: string[] } {
  const title = a.question.length > 40 ? `${a.question.slice(0, 40)}…` : a.question;
  return { fields: [title, lines(a.category, ANSWER_SUBTITLE), lines(a.department, a.question), a.answer.slice(0, BODY_CHARS)], keys: [title] };
}
