import Fastify from 'fastify';

/**
 * The baseline of issue 6: a bare Fastify route answering every push with one constant
 * XML reply. It reads the body as the product does (as a string, 1 MB limit) and does
 * nothing else: no signature, no parsing, no store, no logs.
 */
const REPLY =
  '<xml><ToUserName><![CDATA[oBenchCitizen]]></ToUserName><FromUserName><![CDATA[gh_bench]]></FromUserName>' +
  '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[R-OK 基线回复]]></Content></xml>';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
for (const url of ['/wechat', '/wechat/:accountId']) {
  app.post(url, async (_request, reply) => reply.type('application/xml').send(REPLY));
}
app.get('/healthz', async () => ({ status: 'ok' }));

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
