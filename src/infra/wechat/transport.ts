import { UNREACHABLE, WechatApiError } from '../../wechat/outbound.js';

export interface WechatResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface WechatRequest {
  /** Names the call in errors, logs and metrics (e.g. `menu/create`), never the URL. */
  api: string;
  url: string;
  /** POSTed as JSON when given; GET otherwise. */
  json?: unknown;
  /** POSTed as multipart/form-data (material uploads); fetch sets the boundary. */
  form?: FormData;
  timeoutMs: number;
  /** Credentials in play, removed from any text WeChat echoes back. */
  secrets: Array<string | undefined>;
}

/**
 * One HTTP exchange with the WeChat API on Node's fetch. Failures become WechatApiErrors
 * built here, with messages that never carry the URL: the URL holds the access_token
 * or, for cgi-bin/token, the AppSecret.
 */
export async function wechatFetch(request: WechatRequest): Promise<WechatResponse> {
  let res: Response;
  let body: Buffer;
  try {
    const post = request.json !== undefined || request.form !== undefined;
    res = await fetch(request.url, {
      method: post ? 'POST' : 'GET',
      headers: request.json === undefined ? undefined : { 'content-type': 'application/json' },
      body: request.form ?? (request.json === undefined ? undefined : JSON.stringify(request.json)),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    body = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    throw new WechatApiError(request.api, UNREACHABLE, `无法连接微信服务器（${networkReason(err)}）`);
  }
  const contentType = res.headers.get('content-type') ?? 'application/octet-stream';
  if (res.status >= 500) throw new WechatApiError(request.api, -1, `HTTP ${res.status}`);
  return { status: res.status, contentType, body };
}

/** A short, credential-free cause: the system error code, or "timeout". */
function networkReason(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: unknown; name?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return '超时';
  const code = e?.cause?.code;
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
  return '网络错误';
}
