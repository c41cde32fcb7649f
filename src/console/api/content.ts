import { api, unwrap } from './client.js';

export interface GuideRow {
  id: number;
  code: string;
  name: string;
  department: string;
  status: 'draft' | 'published';
  updatedAt: string;
  pageUrl?: string;
}

export interface NewsItem {
  id: number;
  title: string;
  category: string;
  summary?: string;
  body?: string;
  status: 'draft' | 'published';
  publishedAt?: string | null;
  updatedAt: string;
  pageUrl?: string;
  [key: string]: unknown;
}

export interface PlaceRow {
  id: number;
  name: string;
  kind: string;
  address: string;
  phone?: string;
  hours?: string;
  status?: string;
  [key: string]: unknown;
}

export interface RowProblem {
  row: number;
  line: number;
  field: string;
  message: string;
}

export interface DryRun {
  ok: boolean;
  total: number;
  valid: number;
  errors: RowProblem[];
  warnings: RowProblem[];
  items: Array<{ row: number; code: string; name: string }>;
}

export interface Page<T> {
  items: T[];
  total: number;
}

const asCsv = { bodySerializer: (body: unknown) => body as string, headers: { 'content-type': 'text/csv' } };

export const contentApi = {
  guides: (query: { q?: string; page?: number; pageSize?: number }) => unwrap<Page<GuideRow>>(api.GET('/admin/api/guides', { params: { query: query as never } })),
  dryRun: (csv: string) => unwrap<DryRun>(api.POST('/admin/api/guides/import', { params: { query: { dryRun: true, format: 'csv' } }, body: csv as never, ...asCsv })),
  importCsv: (csv: string) =>
    unwrap<{ total: number; created: number; updated: number; warnings: RowProblem[] }>(
      api.POST('/admin/api/guides/import', { params: { query: { format: 'csv' } }, body: csv as never, ...asCsv }),
    ),
  news: (query: { q?: string; category?: string; page?: number; pageSize?: number; status?: string }) =>
    unwrap<Page<NewsItem>>(api.GET('/admin/api/news', { params: { query: query as never } })),
  getNews: (id: number) => unwrap<NewsItem>(api.GET('/admin/api/news/{id}', { params: { path: { id } } })),
  createNews: (body: Record<string, unknown>) => unwrap<NewsItem>(api.POST('/admin/api/news', { body: body as never })),
  updateNews: (id: number, body: Record<string, unknown>) => unwrap<NewsItem>(api.PUT('/admin/api/news/{id}', { params: { path: { id } }, body: body as never })),
  places: (query: { q?: string; kind?: string; page?: number; pageSize?: number }) =>
    unwrap<Page<PlaceRow>>(api.GET('/admin/api/places', { params: { query: query as never } })),
};

export const GUIDE_TEMPLATE_URL = '/admin/api/guides/import-template.csv';
export const GUIDE_EXPORT_URL = '/admin/api/guides.csv';
