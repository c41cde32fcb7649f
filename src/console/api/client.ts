import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

/** Every call goes to the server that served the console (no other host). */
const BASE = '';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

/** The session cookie is HttpOnly; the CSRF token comes in the body of /auth/login, /auth/me and /auth/password. */
function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

const session: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method)) for (const [k, v] of Object.entries(csrfHeader())) request.headers.set(k, v);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.includes('/admin/api/auth/')) onUnauthorized();
    return response;
  },
};

/** The typed client generated from /admin/docs/json (`npm run console:api`). */
export const api = createClient<paths>({ baseUrl: BASE, credentials: 'same-origin' });
api.use(session);

/** An error body of the admin API: `{ error: { code, message, field }, errors?: [{ field, message }] }`. */
export interface ApiErrorBody {
  error?: { code?: string; message?: string; field?: string };
  errors?: Array<{ field?: string; message: string }>;
  retryAt?: string;
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.error?.message ?? `请求失败（${status}）`);
  }
}

/**
 * Unwraps an openapi-fetch result: the data, or an ApiError carrying the server's field errors.
 * T names the response shape where the route declares no response schema yet.
 */
export async function unwrap<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, (error ?? {}) as ApiErrorBody);
  return data as T;
}

/** For routes newer than the committed schema.d.ts: same session, CSRF and errors, typed by the caller. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = UNSAFE.has(method) ? csrfHeader() : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(BASE + path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && !path.startsWith('/admin/api/auth/')) onUnauthorized();
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, (parsed ?? {}) as ApiErrorBody);
  return parsed as T;
}

/** A query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}
