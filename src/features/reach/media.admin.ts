import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { AppError, badRequest, notFound } from '../../lib/errors.js';
import { idParamSchema } from '../../lib/schemas.js';
import type { WechatApi } from '../../wechat/outbound.js';
import type { MediaItem, MediaRepository } from './media.repository.js';
import * as a from './audience.responses.js';

interface Deps {
  media: MediaRepository;
  audit: AuditRepository;
  api(accountId: string): Promise<WechatApi>;
}

const tags = ['media'];

/** WeChat's permanent-material limits: image 10 MB (bmp/png/jpeg/jpg/gif), voice 2 MB (mp3/wma/wav/amr), video 10 MB (mp4), thumb 64 KB (jpg). */
const KINDS: Record<string, { kind: MediaItem['kind']; max: number }> = {
  'image/jpeg': { kind: 'image', max: 10 * 1024 * 1024 },
  'image/png': { kind: 'image', max: 10 * 1024 * 1024 },
  'image/gif': { kind: 'image', max: 10 * 1024 * 1024 },
  'image/bmp': { kind: 'image', max: 10 * 1024 * 1024 },
  'audio/mpeg': { kind: 'voice', max: 2 * 1024 * 1024 },
  'audio/amr': { kind: 'voice', max: 2 * 1024 * 1024 },
  'audio/wav': { kind: 'voice', max: 2 * 1024 * 1024 },
  'video/mp4': { kind: 'video', max: 10 * 1024 * 1024 },
};
const THUMBNAIL_MAX = 64 * 1024;

const view = (m: MediaItem) => ({ ...m, thumbnail: m.hasThumbnail ? `/admin/api/media/${m.id}/thumbnail` : null });

/** 素材: permanent material on WeChat, listed here with size, thumbnail and who uses it. */
export async function mediaRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 4 } });

  app.get('/media', { schema: { tags, summary: '列出永久素材', response: { 200: a.mediaListSchema } } }, async (request) => {
    const items = await deps.media.list(request.accountId);
    return { items: await Promise.all(items.map(async (m) => ({ ...view(m), usedBy: await deps.media.usersOf(request.accountId, m.mediaId) }))) };
  });

  app.get<{ Params: { id: number } }>('/media/:id', { schema: { tags, summary: '查看永久素材', params: idParamSchema, response: { 200: a.mediaWithUsersSchema } } }, async (request) => {
    const m = await deps.media.get(request.accountId, request.params.id);
    if (!m) throw notFound('media');
    return { ...view(m), usedBy: await deps.media.usersOf(request.accountId, m.mediaId) };
  });

  app.get<{ Params: { id: number } }>('/media/:id/thumbnail', { schema: { tags, summary: '素材缩略图', params: idParamSchema, response: { 200: a.thumbnailSchema } } }, async (request, reply) => {
    const t = await deps.media.thumbnail(request.accountId, request.params.id);
    if (!t) throw notFound('thumbnail');
    return reply.type(t.contentType).send(t.data);
  });

  app.post('/media', {
    schema: { tags, summary: '上传永久素材（图片、语音、视频）', consumes: ['multipart/form-data'], response: { 201: a.mediaSchema } },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw badRequest('file', 'file: 请以 multipart/form-data 上传文件');
    const file = await request.file();
    if (!file) throw badRequest('file', 'file: 缺少文件');
    const data = await file.toBuffer();
    if (file.file.truncated) throw badRequest('file', 'file: 文件超过 10 MB');
    const type = KINDS[file.mimetype];
    if (!type) throw badRequest('file', `file: 不支持的文件类型 ${file.mimetype}（图片 jpg/png/gif/bmp，语音 mp3/amr/wav，视频 mp4）`);
    if (data.length > type.max) throw badRequest('file', `file: ${type.kind === 'voice' ? '语音不能超过 2 MB' : '文件不能超过 10 MB'}`);
    const fields = file.fields as Record<string, { value?: unknown } | undefined>;
    const title = typeof fields.title?.value === 'string' ? fields.title.value : file.filename;
    const introduction = typeof fields.introduction?.value === 'string' ? fields.introduction.value : '';
    let created;
    try {
      created = await (await deps.api(request.accountId)).addMaterial(type.kind, { data, filename: file.filename, contentType: file.mimetype }, type.kind === 'video' ? { title, introduction } : undefined);
    } catch (err) {
      throw new AppError(502, 'WECHAT_ERROR', `微信接口返回错误：${(err as { code?: number }).code ?? ''} ${(err as Error).message}`.trim());
    }
    const m = await deps.media.create(request.accountId, {
      mediaId: created.mediaId,
      kind: type.kind,
      filename: file.filename,
      contentType: file.mimetype,
      size: data.length,
      url: created.url ?? null,
      // Small images are their own thumbnail; larger ones are shown from WeChat's url.
      thumbnail: type.kind === 'image' && data.length <= THUMBNAIL_MAX ? data : null,
      createdBy: request.operator.name,
    });
    await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'upload', resource: 'media', resourceId: m.id, detail: { mediaId: m.mediaId, filename: m.filename, size: m.size } });
    return reply.code(201).send(view(m));
  });

  app.delete<{ Params: { id: number } }>('/media/:id', { schema: { tags, summary: '删除永久素材', description: '仍被使用时 409。', params: idParamSchema, response: { 204: a.noContentSchema } } }, async (request, reply) => {
    const m = await deps.media.get(request.accountId, request.params.id);
    if (!m) throw notFound('media');
    const users = await deps.media.usersOf(request.accountId, m.mediaId);
    if (users.length) throw new AppError(409, 'MEDIA_IN_USE', `素材仍在使用，不能删除：${users.join('、')}`);
    try {
      await (await deps.api(request.accountId)).deleteMaterial(m.mediaId);
    } catch (err) {
      // Already gone on WeChat (40007 invalid media_id): the listing goes too.
      if ((err as { code?: number }).code !== 40007) throw new AppError(502, 'WECHAT_ERROR', `微信接口返回错误：${(err as { code?: number }).code ?? ''}`);
    }
    await deps.media.remove(request.accountId, m.id);
    await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'delete', resource: 'media', resourceId: m.id, detail: { mediaId: m.mediaId } });
    return reply.code(204).send();
  });
}
