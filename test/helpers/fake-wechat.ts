import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

type Responder = (call: RecordedCall) => { status?: number; json?: unknown; body?: Buffer | string; contentType?: string; delayMs?: number } | undefined;

/**
 * A fake api.weixin.qq.com over real HTTP. It records every call and answers like
 * WeChat: tokens from /cgi-bin/token, `{errcode:0}` elsewhere, unless a test
 * scripts other answers with `respond`.
 */
export class FakeWechat {
  readonly calls: RecordedCall[] = [];
  private server?: Server;
  private tokenCounter = 0;
  private responders: Responder[] = [];
  /** Tokens the fake considers valid; others get 40001. */
  private readonly validTokens = new Set<string>();

  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Scripted answers, tried newest first; return undefined to fall through. */
  respond(responder: Responder): void {
    this.responders.unshift(responder);
  }

  /** Forgets recorded calls and scripted answers. */
  reset(): void {
    this.calls.length = 0;
    this.responders = [];
  }

  /** Makes every token issued so far invalid (as if another process had refreshed). */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  callsTo(path: string): RecordedCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  async waitFor(path: string, count: number, timeoutMs = 5000): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.callsTo(path).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.callsTo(path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // keep raw text
    }
    const call: RecordedCall = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body };
    this.calls.push(call);
    let answer = this.responders.map((r) => r(call)).find((a) => a !== undefined);
    if (!answer) answer = this.defaultAnswer(call);
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    res.statusCode = answer.status ?? 200;
    if (answer.body !== undefined) {
      res.setHeader('content-type', answer.contentType ?? 'application/octet-stream');
      res.end(answer.body);
    } else {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer.json ?? { errcode: 0, errmsg: 'ok' }));
    }
  }

  private defaultAnswer(call: RecordedCall) {
    if (call.path === '/cgi-bin/token') {
      const token = `TOKEN_${++this.tokenCounter}`;
      this.validTokens.add(token);
      return { json: { access_token: token, expires_in: 7200 } };
    }
    if (!this.validTokens.has(call.query.access_token ?? '')) {
      return { json: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' } };
    }
    if (call.path === '/cgi-bin/message/template/send') return { json: { errcode: 0, errmsg: 'ok', msgid: 200228332 + this.calls.length } };
    return { json: { errcode: 0, errmsg: 'ok' } };
  }
}
