import type { Logger } from 'pino';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors.js';
import type { Account } from '../../wechat/account.js';
import type { WechatApi } from '../../wechat/outbound.js';
import { massMessageOf, newsUrl, type MessageSources } from './broadcast-message.js';
import type { BroadcastQueue } from './broadcast-queue.js';
import type { Broadcast, BroadcastRepository, BroadcastStatus } from './broadcasts.repository.js';
import { quotaOf, quotaPeriod, quotaRefusal, type Quota } from './quota.js';
import type { BroadcastInput, BroadcastMessage } from './reach.types.js';
import type { ReachSettingsRepository } from './settings.repository.js';
import type { TagRepository } from './tags.repository.js';
import { randomBytes } from 'node:crypto';

export interface Actor {
  name: string;
  id?: number;
}

export interface BroadcastDeps {
  repo: BroadcastRepository;
  tags: TagRepository;
  settings: ReachSettingsRepository;
  queue: BroadcastQueue;
  account(id: string): Promise<Account | undefined>;
  wechatFor(account: Account): WechatApi;
  publicBaseUrl: string;
  log: Logger;
  now?: () => Date;
}

/** Short and unique: WeChat has refused a 36-character clientmsgid (wechat-reach.md §1.6). */
const newClientMsgId = () => `wz${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

const wechatError = (err: unknown) => {
  const e = err as { code?: number; message?: string };
  return new AppError(502, 'WECHAT_ERROR', `微信接口返回错误：${e.code ?? ''} ${e.message ?? ''}`.trim());
};

/** 群发: compose, preview, approve, send once (now or at a time), and WeChat's totals afterwards. */
export class BroadcastService {
  constructor(private readonly deps: BroadcastDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private async api(accountId: string): Promise<WechatApi> {
    const account = await this.deps.account(accountId);
    if (!account) throw notFound('account');
    return this.deps.wechatFor(account);
  }

  private sources(accountId: string, api: WechatApi): MessageSources {
    return {
      api,
      news: async (id) => this.deps.settings.newsItem(accountId, id),
      newsUrl: (id) => newsUrl(this.deps.publicBaseUrl, accountId, id),
    };
  }

  /** Keeps only the fields of the message's type (the schema allows every type's fields). */
  private normalize(m: BroadcastMessage): BroadcastMessage {
    switch (m.type) {
      case 'text':
        if (m.content.length > 2000) throw badRequest('message.content', 'message.content: 文本群发最多 2000 字');
        return { type: 'text', content: m.content };
      case 'news':
        return { type: 'news', newsId: m.newsId };
      case 'image':
        return { type: 'image', mediaId: m.mediaId };
      case 'mpnews':
        return { type: 'mpnews', title: m.title, content: m.content, thumbMediaId: m.thumbMediaId, ...(m.digest ? { digest: m.digest } : {}) };
    }
  }

  private async checkMessage(accountId: string, message: BroadcastMessage): Promise<void> {
    if (message.type === 'news') {
      const item = await this.deps.settings.newsItem(accountId, message.newsId);
      if (!item) throw badRequest('message.newsId', `message.newsId: 资讯 ${message.newsId} 不存在`);
      if (item.status !== 'published') throw badRequest('message.newsId', `message.newsId: 资讯 ${message.newsId} 尚未发布`);
    }
  }

  async create(accountId: string, input: BroadcastInput, author: Actor, options: { emergency?: boolean } = {}): Promise<Broadcast> {
    let tagId: number | null = null;
    if ('tagId' in input.audience) {
      const tag = await this.deps.tags.get(accountId, input.audience.tagId);
      if (!tag) throw badRequest('audience.tagId', `audience.tagId: 标签 ${input.audience.tagId} 不存在`);
      tagId = tag.id;
    }
    const message = this.normalize(input.message);
    await this.checkMessage(accountId, message);
    const sendAt = input.sendAt === undefined ? null : new Date(input.sendAt);
    if (sendAt && sendAt.getTime() <= this.now().getTime()) throw badRequest('sendAt', 'sendAt: 定时发送的时间须晚于现在');
    const { approvalRequired } = await this.deps.settings.get(accountId);
    const status: BroadcastStatus = approvalRequired && !options.emergency ? 'pending_approval' : sendAt ? 'scheduled' : 'ready';
    const created = await this.deps.repo.create({
      accountId,
      tagId,
      message,
      emergency: options.emergency === true,
      status,
      sendAt,
      author: author.name,
      authorId: author.id ?? null,
      clientMsgId: newClientMsgId(),
    });
    if (status === 'scheduled') return this.schedule(created);
    return created;
  }

  private async schedule(b: Broadcast): Promise<Broadcast> {
    const jobId = await this.deps.queue.schedule(b.accountId, b.id, b.sendAt!);
    await this.deps.repo.setJob(b.id, jobId);
    return { ...b, jobId };
  }

  /** 审核: an admin other than the author approves; a scheduled broadcast then waits for its time. */
  async approve(accountId: string, id: number, approver: Actor): Promise<Broadcast> {
    const b = await this.deps.repo.get(accountId, id);
    if (!b) throw notFound('broadcast');
    if (b.status !== 'pending_approval') throw conflict(`群发 #${id} 不在待审核状态（当前：${b.status}）`);
    // Operators are told apart by id; the super-admin (no id) by name.
    const own = approver.id !== undefined ? approver.id === b.authorId : b.authorId === null && approver.name === b.author;
    if (own) throw new AppError(403, 'OWN_BROADCAST', `不能审核自己创建的群发：须由另一位管理员审核`);
    const future = b.sendAt !== null && b.sendAt.getTime() > this.now().getTime();
    const approved = await this.deps.repo.approve(accountId, id, approver.name, approver.id ?? null, future ? 'scheduled' : 'ready', null);
    if (!approved) throw conflict(`群发 #${id} 已被审核`);
    return future ? this.schedule(approved) : approved;
  }

  async preview(accountId: string, id: number, to: { touser?: string; towxname?: string }): Promise<void> {
    const b = await this.deps.repo.get(accountId, id);
    if (!b) throw notFound('broadcast');
    const api = await this.api(accountId);
    try {
      await api.massPreview(to, await massMessageOf(b.message, this.sources(accountId, api)));
    } catch (err) {
      throw wechatError(err);
    }
  }

  async quota(accountId: string): Promise<Quota> {
    const { accountType } = await this.deps.settings.get(accountId);
    const now = this.now();
    // 服务号: the 4 a month are sends to all followers; a 公众号's one a day is any 群发 (wechat-reach.md §1.1).
    return quotaOf(accountType, await this.deps.repo.sentSince(accountId, quotaPeriod(accountType, now).start, accountType === 'service'), now);
  }

  /**
   * Sends once. A repeated request (or a job retried after a restart) finds the broadcast
   * already claimed and answers with it, without a second call; should a claimed send be
   * retried anyway, the fixed clientmsgid makes WeChat answer 45065 with the first msg_id.
   */
  async send(accountId: string, id: number): Promise<Broadcast> {
    const b = await this.deps.repo.get(accountId, id);
    if (!b) throw notFound('broadcast');
    if (b.status === 'pending_approval') throw new AppError(409, 'APPROVAL_REQUIRED', `群发 #${id} 须经另一位管理员审核后才能发送`);
    // A failed send may be tried again: WeChat did not take it (or answers 45065 with its msg_id if it did).
    if (b.status !== 'ready' && b.status !== 'scheduled' && b.status !== 'failed') return b;
    const quota = await this.quota(accountId);
    // A 服务号 may send to a tag again and again; WeChat itself filters followers past 4 a month.
    const counted = b.toAll || quota.accountType === 'subscription';
    if (counted && quota.remaining <= 0) throw new AppError(409, 'QUOTA_EXCEEDED', quotaRefusal(quota));
    const claimed = await this.deps.repo.claim(accountId, id);
    if (!claimed) return (await this.deps.repo.get(accountId, id))!;
    const api = await this.api(accountId);
    let result;
    try {
      const tag = claimed.tagId === null ? undefined : await this.deps.tags.get(accountId, claimed.tagId);
      if (claimed.tagId !== null && !tag) throw new Error('the tag was deleted');
      const message = await massMessageOf(claimed.message, this.sources(accountId, api));
      result = await api.massSendAll({ tagId: tag?.wechatId }, message, claimed.clientMsgId);
    } catch (err) {
      await this.deps.repo.markFailed(claimed.id, (err as Error).message);
      this.deps.log.warn({ account: accountId, broadcast: id, err: (err as Error).message }, 'broadcast not sent');
      throw wechatError(err);
    }
    // WeChat has the job now. Should this write fail, the broadcast stays `sending`: a later
    // claim sends the same clientmsgid again and WeChat answers with this msg_id (45065).
    await this.deps.repo.markSent(claimed.id, result.msgId, result.msgDataId);
    this.deps.log.info({ account: accountId, broadcast: id, msgId: result.msgId, duplicate: result.duplicate }, 'broadcast submitted to WeChat');
    return (await this.deps.repo.get(accountId, id))!;
  }

  /** A scheduled job: refusals (quota, approval) are final, recorded on the broadcast. */
  async sendScheduled(accountId: string, id: number): Promise<void> {
    try {
      await this.send(accountId, id);
    } catch (err) {
      if (err instanceof AppError && err.statusCode === 409) {
        const b = await this.deps.repo.get(accountId, id);
        if (b && (b.status === 'ready' || b.status === 'scheduled')) await this.deps.repo.markFailed(id, err.message);
        return;
      }
      if (err instanceof AppError && err.code === 'WECHAT_ERROR') return;
      throw err;
    }
  }

  /**
   * MASSSENDJOBFINISH sometimes never arrives (wechat-reach.md §1.8): the operator can ask
   * WeChat for the job's status instead. The totals come only with the push.
   */
  async checkStatus(accountId: string, id: number): Promise<Broadcast> {
    const b = await this.deps.repo.get(accountId, id);
    if (!b) throw notFound('broadcast');
    if (!b.msgId) throw conflict(`群发 #${id} 尚未提交微信，没有可查询的状态`);
    let status: string;
    try {
      status = await (await this.api(accountId)).massStatus(b.msgId);
    } catch (err) {
      throw wechatError(err);
    }
    if (b.totalCount === null) await this.deps.repo.setWechatStatus(b.id, status);
    return (await this.deps.repo.get(accountId, id))!;
  }

  async finished(accountId: string, e: { jobId: string; status: string; totalCount: number; filterCount: number; sentCount: number; errorCount: number }): Promise<void> {
    const id = await this.deps.repo.finish(accountId, e.jobId, { status: e.status, total: e.totalCount, filter: e.filterCount, sent: e.sentCount, errors: e.errorCount });
    if (id === undefined) this.deps.log.warn({ account: accountId, msgId: e.jobId }, 'MASSSENDJOBFINISH for an unknown msg_id');
  }
}
