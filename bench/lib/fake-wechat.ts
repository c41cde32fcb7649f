import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal api.weixin.qq.com for the benchmark: tokens and customer-service sends,
 * counted, not recorded (a bench run makes hundreds of thousands of requests).
 */
export class BenchWechat {
  private server?: Server;
  readonly counts = { token: 0, customSend: 0, other: 0 };

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = (req.url ?? '/').split('?')[0];
        res.setHeader('content-type', 'application/json');
        if (path === '/cgi-bin/token') {
          this.counts.token++;
          res.end(JSON.stringify({ access_token: `BENCH_TOKEN_${this.counts.token}`, expires_in: 7200 }));
          return;
        }
        if (path === '/cgi-bin/message/custom/send') this.counts.customSend++;
        else this.counts.other++;
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
