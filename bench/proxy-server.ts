import { Agent, createServer, request } from 'node:http';

/**
 * The local reverse proxy of the multi-instance setup (bench/lib/instances.ts): round-robin
 * over the instances in UPSTREAMS, keep-alive to each, as a load balancer in front of the
 * product would be. `POST /__proxy/use?count=N` limits the rotation to the first N
 * instances, so one proxy measures 1, 2 … N instances alike. `GET /__proxy/stats` tells
 * how many requests each instance got.
 */
const upstreams = (process.env.UPSTREAMS ?? '').split(',').filter(Boolean).map((u) => new URL(u));
if (upstreams.length === 0) throw new Error('UPSTREAMS is empty');
const agents = upstreams.map(() => new Agent({ keepAlive: true, maxSockets: 256 }));
const served = upstreams.map(() => 0);
let inUse = upstreams.length;
let next = 0;

const server = createServer((req, res) => {
  if (req.url?.startsWith('/__proxy/')) {
    const url = new URL(req.url, 'http://proxy');
    if (url.pathname === '/__proxy/use') inUse = Math.min(Math.max(Number(url.searchParams.get('count')) || 1, 1), upstreams.length);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ inUse, served }));
    req.resume();
    return;
  }
  const i = next++ % inUse;
  served[i]!++;
  const target = upstreams[i]!;
  const forward = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' }, agent: agents[i] },
    (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    },
  );
  forward.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`upstream ${target.host} failed: ${err.message}`);
  });
  req.pipe(forward);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
