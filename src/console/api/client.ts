import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

/** Every call goes to the server that served the console (no other host). */
const BASE = '';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};
let onPasswordChange: () => void = () => {};

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export function whenPasswordChangeRequired(handler: () => void): void {
  onPasswordChange = handler;
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
  async onResponse({ response, request }) {
    if (response.status === 401 && !request.url.includes('/admin/api/auth/')) onUnauthorized();
    if (response.status === 403) {
      const body = (await response.clone().json().catch(() => ({}))) as ApiErrorBody;
      if (body.error?.code === 'PASSWORD_CHANGE_REQUIRED') onPasswordChange();
    }
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
