import { ApiError } from '../api/client.js';

/**
 * The API names each error's field path (`keywords[0].text`, `/replies/1/url`, `body.name`);
 * forms key their items the same way, as `keywords.0.text`.
 */
export function normalisePath(path: string): string {
  return path
    .replace(/^(body|querystring|params)[./]?/, '')
    .replace(/^\//, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\./, '');
}

/** Field → message for every error the API returned; errors without a field go under ''. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return { '': err instanceof Error ? err.message : String(err) };
  const out: Record<string, string> = {};
  const list = err.body.errors ?? [];
  for (const item of list) {
    const key = normalisePath(item.field ?? '');
    out[key] = out[key] ? `${out[key]}；${item.message}` : item.message;
  }
  if (list.length === 0) {
    const key = normalisePath(err.body.error?.field ?? '');
    out[key] = stripFieldPrefix(err.message);
  }
  return out;
}

/** "keywords[0].text: must not be empty" → "must not be empty" (the field is shown by position). */
function stripFieldPrefix(message: string): string {
  const colon = message.indexOf(': ');
  return colon > 0 && colon < 60 && !message.slice(0, colon).includes(' ') ? message.slice(colon + 2) : message;
}
