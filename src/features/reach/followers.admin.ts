import type { FastifyInstance } from 'fastify';
import { addDays, cstDate, cstInstant, isIsoDate } from '../../calendar/dates.js';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { idParamSchema } from '../../lib/schemas.js';
import type { FollowerRepository } from './followers.repository.js';
import type { FollowerService } from './followers.service.js';
import { followersQuery, membersBody, revealBody, statsQuery, tagBody } from './reach.schemas.js';
import type { TagRepository } from './tags.repository.js';
import type { WechatApi } from '../../wechat/outbound.js';
import * as a from './audience.responses.js';

interface Deps {
  followers: FollowerRepository;
  service: FollowerService;
  tags: TagRepository;
  audit: AuditRepository;
  api(accountId: string): Promise<WechatApi>;
}

const tags = ['followers'];
/** The schema checks the shape (YYYY-MM-DD); this refuses days no calendar has, such as 2026-02-30. */
function realDays(query: { from?: string; to?: string }): void {
  for (const field of ['from', 'to'] as const) {
    const day = query[field];
    if (day !== undefined && !isIsoDate(day)) throw badRequest(field, `${field}: 不是有效的日期（${day}）`);
  }
}

const wechatRefused = (err: unknown, field: string) => {
  const code = (err as { code?: number }).code;
  if (code === 45157) return badRequest(field, `${field}: 标签名无效或与已有标签重名`);
  if (code === 45158) return badRequest(field, `${field}: 标签名超过 30 个字节`);
  if (code === 45056) return new AppError(409, 'TOO_MANY_TAGS', '标签数量已达上限（100 个）');
  return new AppError(502, 'WECHAT_ERROR', `微信接口返回错误：${code ?? ''} ${(err as Error).message}`.trim());
};

export async function followerRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { followers, service, audit } = deps;

  app.get<{ Querystring: { tag?: number; from?: string; to?: string; limit?: number; offset?: number } }>(
    '/followers',
    { schema: { tags, summary: '列出关注者（openId 打码）', querystring: followersQuery, response: { 200: a.followerListSchema } } },
    async (request) => {
      const q = request.query;
      realDays(q);
      const to = q.to ? new Date(cstInstant(q.to).getTime() + 86_400_000) : undefined;
      const page = await followers.list(request.accountId, { tagId: q.tag, from: q.from ? cstInstant(q.from) : undefined, to, limit: q.limit ?? 50, offset: q.offset ?? 0 });
      return {
        total: page.total,
        // OpenIDs are personal data: masked in lists.
        items: page.items.map(({ openIdEnc, ...f }) => ({ ...f, openId: service.maskedOpenId(openIdEnc) })),
      };
    },
  );

  /** The clear openId (e.g. to tag the follower or preview to them): audited with its reason. */
  app.post<{ Params: { id: number }; Body: { reason: string } }>(
    '/followers/:id/reveal',
    { schema: { tags, summary: '查看关注者 openId 明文（须填写理由）', description: '记入审计。', params: idParamSchema, body: revealBody, response: { 200: a.revealedOpenIdSchema } } },
    async (request) => {
      const enc = await followers.openIdEnc(request.accountId, request.params.id);
      if (!enc) throw notFound('follower');
      await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'reveal', resource: 'follower', resourceId: request.params.id, detail: { reason: request.body.reason, fields: ['openId'] } });
      return { openId: service.reveal(enc) };
    },
  );

  app.post('/followers/sync', {
    schema: { tags, summary: '开始从微信同步关注者', description: '开始同步时 202；已有同步在进行时 200。', response: { 200: a.syncStartedSchema, 202: a.syncStartedSchema } },
  }, async (request, reply) => {
    const started = await service.startSync(request.accountId);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'sync', resource: 'followers', detail: { started } });
    const state = await followers.syncState(request.accountId);
    return reply.code(started ? 202 : 200).send({ started, ...state });
  });

  app.get('/followers/sync', { schema: { tags, summary: '查看关注者同步进度', response: { 200: a.syncStateSchema } } }, async (request) => {
    const state = await followers.syncState(request.accountId);
    return state ?? { status: 'never', imported: 0, pages: 0 };
  });

  app.get<{ Querystring: { from?: string; to?: string } }>('/followers/stats', { schema: { tags, summary: '关注者增减统计（按日）', querystring: statsQuery, response: { 200: a.followerStatsSchema } } }, async (request) => {
    realDays(request.query);
    const to = request.query.to ?? cstDate(new Date());
    const from = request.query.from ?? addDays(to, -29);
    if (from > to) throw badRequest('from', 'from: 开始日期不能晚于结束日期');
    if (cstInstant(to).getTime() - cstInstant(from).getTime() > 366 * 86_400_000) throw badRequest('from', 'from: 统计范围最长一年');
    const days = await followers.daily(request.accountId, from, to);
    const sum = (k: 'new' | 'lost' | 'net') => days.reduce((n, d) => n + d[k], 0);
    return { from, to, days, totals: { new: sum('new'), lost: sum('lost'), net: sum('net') } };
  });

  app.get('/tags', { schema: { tags, summary: '列出标签', response: { 200: a.tagListSchema } } }, async (request) => ({ items: await deps.tags.list(request.accountId) }));

  app.get<{ Params: { id: number } }>('/tags/:id', { schema: { tags, summary: '查看标签', params: idParamSchema, response: { 200: a.tagSchema } } }, async (request) => {
    const tag = await deps.tags.get(request.accountId, request.params.id);
    if (!tag) throw notFound('tag');
    return tag;
  });

  app.post<{ Body: { name: string } }>('/tags', { schema: { tags, summary: '创建标签', body: tagBody, response: { 201: { ...a.tagSchema, description: '新建的标签（id、wechatId、name）' } } } }, async (request, reply) => {
    const { name } = request.body;
    if (Buffer.byteLength(name) > 30) throw badRequest('name', 'name: 标签名最长 30 个字节（约 10 个汉字）');
    if (await deps.tags.byName(request.accountId, name)) throw badRequest('name', `name: 标签“${name}”已存在`);
    const api = await deps.api(request.accountId);
    let wechatId: number;
    try {
      wechatId = await api.createTag(name);
    } catch (err) {
      throw wechatRefused(err, 'name');
    }
    const id = await deps.tags.create(request.accountId, wechatId, name);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'tag', resourceId: id, detail: { name, wechatId } });
    return reply.code(201).send({ id, wechatId, name });
  });

  app.put<{ Params: { id: number }; Body: { name: string } }>('/tags/:id', { schema: { tags, summary: '重命名标签', params: idParamSchema, body: tagBody, response: { 200: a.tagSchema } } }, async (request) => {
    const tag = await deps.tags.get(request.accountId, request.params.id);
    if (!tag) throw notFound('tag');
    const { name } = request.body;
    if (Buffer.byteLength(name) > 30) throw badRequest('name', 'name: 标签名最长 30 个字节（约 10 个汉字）');
    try {
      await (await deps.api(request.accountId)).renameTag(tag.wechatId, name);
    } catch (err) {
      throw wechatRefused(err, 'name');
    }
    await deps.tags.rename(request.accountId, tag.id, name);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'update', resource: 'tag', resourceId: tag.id, detail: { from: tag.name, name } });
    return { ...tag, name };
  });

  app.delete<{ Params: { id: number } }>('/tags/:id', { schema: { tags, summary: '删除标签', description: '仍被群发使用时 409。', params: idParamSchema, response: { 204: a.noContentSchema } } }, async (request, reply) => {
    const tag = await deps.tags.get(request.accountId, request.params.id);
    if (!tag) throw notFound('tag');
    const users = await deps.tags.usedByBroadcasts(request.accountId, tag.id);
    if (users.length) throw new AppError(409, 'TAG_IN_USE', `标签“${tag.name}”仍被群发使用：${users.map((id) => `#${id}`).join('、')}`);
    try {
      await (await deps.api(request.accountId)).deleteTag(tag.wechatId);
    } catch (err) {
      throw wechatRefused(err, 'id');
    }
    await deps.tags.remove(request.accountId, tag.id);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'tag', resourceId: tag.id, detail: { name: tag.name } });
    return reply.code(204).send();
  });

  for (const method of ['POST', 'DELETE'] as const) {
    app.route<{ Params: { id: number }; Body: { openIds: string[] } }>({
      method,
      url: '/tags/:id/members',
      schema: { tags, summary: method === 'POST' ? '给关注者打标签' : '取消关注者的标签', params: idParamSchema, body: membersBody, response: { 200: a.tagMembersSchema } },
      handler: async (request) => {
        const tag = await deps.tags.get(request.accountId, request.params.id);
        if (!tag) throw notFound('tag');
        const untag = method === 'DELETE';
        const { openIds } = request.body;
        try {
          await (await deps.api(request.accountId)).tagMembers(tag.wechatId, openIds, untag);
        } catch (err) {
          const code = (err as { code?: number }).code;
          if (code === 40003 || code === 40032) throw badRequest('openIds', `openIds: 微信不接受这些 openId（${code}）：须为本公众号的关注者`);
          throw wechatRefused(err, 'openIds');
        }
        const known = await followers.byHashes(request.accountId, openIds.map((o) => service.hash(o)));
        const ids = known.map((f) => f.id);
        if (untag) await deps.tags.removeMembers(tag.id, ids);
        else await deps.tags.addMembers(tag.id, ids);
        await audit.record({ accountId: request.accountId, actor: request.operator.name, action: untag ? 'untag' : 'tag', resource: 'tag', resourceId: tag.id, detail: { count: openIds.length } });
        return { tagId: tag.id, requested: openIds.length, recorded: ids.length };
      },
    });
  }
}
