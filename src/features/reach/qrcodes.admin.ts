import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { AppError, badRequest } from '../../lib/errors.js';
import type { QrAction, WechatApi } from '../../wechat/outbound.js';
import type { QrcodeRepository } from './qrcodes.repository.js';
import { qrcodeBody } from './reach.schemas.js';
import * as a from './audience.responses.js';

interface Deps {
  qrcodes: QrcodeRepository;
  audit: AuditRepository;
  api(accountId: string): Promise<WechatApi>;
}

const tags = ['qrcodes'];
/** Temporary codes live 30 days unless told otherwise; WeChat's default (30 or 60 s) is never what an operator means. */
const DEFAULT_EXPIRE_SECONDS = 2_592_000;

const view = (q: Awaited<ReturnType<QrcodeRepository['list']>>[number]) => ({
  ...q,
  image: `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent(q.ticket)}`,
});

/**
 * 带参数二维码: a scene per hall window or community. Numeric scenes use QR_(LIMIT_)SCENE
 * (permanent ids 1–100000), others the _STR_ kinds (1–64 characters) (wechat-reach.md §3).
 */
export async function qrcodeRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/qrcodes', { schema: { tags, summary: '列出带参数二维码', response: { 200: a.qrcodeListSchema } } }, async (request) => ({ items: (await deps.qrcodes.list(request.accountId)).map(view) }));

  app.post<{ Body: { scene: string; permanent: boolean; expireSeconds?: number; action?: string } }>(
    '/qrcodes',
    { schema: { tags, summary: '创建带参数二维码', body: qrcodeBody, response: { 201: a.qrcodeSchema } } },
    async (request, reply) => {
      const { scene, permanent, action } = request.body;
      if (permanent && request.body.expireSeconds !== undefined) throw badRequest('expireSeconds', 'expireSeconds: 永久二维码没有有效期');
      const numeric = /^[1-9]\d{0,9}$/.test(scene) && Number(scene) <= (permanent ? 100_000 : 4_294_967_295);
      const kind: QrAction = permanent ? (numeric ? 'QR_LIMIT_SCENE' : 'QR_LIMIT_STR_SCENE') : numeric ? 'QR_SCENE' : 'QR_STR_SCENE';
      if (await deps.qrcodes.byScene(request.accountId, scene)) throw badRequest('scene', `scene: 场景值“${scene}”已有二维码`);
      const expireSeconds = permanent ? undefined : (request.body.expireSeconds ?? DEFAULT_EXPIRE_SECONDS);
      let created;
      try {
        created = await (await deps.api(request.accountId)).createQrcode({ action: kind, scene: numeric ? Number(scene) : scene, expireSeconds });
      } catch (err) {
        throw new AppError(502, 'WECHAT_ERROR', `微信接口返回错误：${(err as { code?: number }).code ?? ''} ${(err as Error).message}`.trim());
      }
      const expiresAt = permanent ? null : new Date(Date.now() + (created.expireSeconds ?? expireSeconds!) * 1000);
      const q = await deps.qrcodes.create(request.accountId, { scene, permanent, action: action ?? null, ticket: created.ticket, url: created.url, expiresAt, createdBy: request.operator.name });
      await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'qrcode', resourceId: q.id, detail: request.body });
      return reply.code(201).send(view(q));
    },
  );
}
