import type { Logger } from 'pino';
import { isSimulated } from '../../inbox/message-view.js';
import { maskOpenId } from '../../lib/mask.js';
import type { PiiCipher } from '../../lib/pii.js';
import type { Account } from '../../wechat/account.js';
import type { WechatApi } from '../../wechat/outbound.js';
import type { FollowerRepository } from './followers.repository.js';
import type { QrcodeRepository } from './qrcodes.repository.js';
import type { TagRepository } from './tags.repository.js';

export interface FollowerDeps {
  followers: FollowerRepository;
  qrcodes: QrcodeRepository;
  tags: TagRepository;
  pii: PiiCipher;
  account(id: string): Promise<Account | undefined>;
  wechatFor(account: Account): WechatApi;
  log: Logger;
}

/** The keyed-hash purpose of follower OpenIDs (lookups never use the clear value). */
export const OPENID_PURPOSE = 'reach-openid';

/** Followers: subscribe/unsubscribe/scan pushes, and the `user/get` import with its progress. */
export class FollowerService {
  private readonly syncing = new Map<string, Promise<void>>();

  constructor(private readonly deps: FollowerDeps) {}

  hash(openId: string): string {
    return this.deps.pii.hash(OPENID_PURPOSE, openId);
  }

  /** The action of the QR code a scene belongs to, if it has one (recording is separate). */
  async actionFor(accountId: string, scene: string): Promise<string | null> {
    return (await this.deps.qrcodes.byScene(accountId, scene))?.action ?? null;
  }

  /** One subscribe, unsubscribe or scan push; a QR scene counts on its code. Returns the code's action, if any. */
  async record(accountId: string, e: { kind: 'subscribe' | 'unsubscribe' | 'scan'; openId: string; at: Date; scene?: string; deliveryKey: string }): Promise<string | null> {
    const code = e.scene ? await this.deps.qrcodes.byScene(accountId, e.scene) : undefined;
    // The console simulator's citizens are not followers: their events count nowhere.
    if (isSimulated(e.openId)) return code?.action ?? null;
    const fresh = await this.deps.followers.recordEvent({
      accountId,
      openIdHash: this.hash(e.openId),
      openIdEnc: this.deps.pii.encrypt(e.openId),
      kind: e.kind,
      at: e.at,
      scene: e.scene,
      qrcodeId: code?.id,
      deliveryKey: e.deliveryKey,
    });
    if (fresh && code && e.kind !== 'unsubscribe') {
      await this.deps.qrcodes.count(accountId, code.id, 'scan');
      if (e.kind === 'subscribe') await this.deps.qrcodes.count(accountId, code.id, 'subscribe');
    }
    return code?.action ?? null;
  }

  /** Starts the import unless one runs; false when one is already running. */
  async startSync(accountId: string): Promise<boolean> {
    if (!(await this.deps.followers.startSync(accountId))) return false;
    this.runSync(accountId);
    return true;
  }

  /** Resumes imports a restart interrupted, from their saved next_openid. */
  async resume(): Promise<void> {
    for (const accountId of await this.deps.followers.runningSyncs()) this.runSync(accountId);
  }

  /** Waits for imports running in this process (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.syncing.values()]);
  }

  private runSync(accountId: string): void {
    if (this.syncing.has(accountId)) return;
    const work = this.sync(accountId).finally(() => this.syncing.delete(accountId));
    this.syncing.set(accountId, work);
  }

  /**
   * `user/get` pages of up to 10,000 openIds, each saved with its next_openid before the
   * next is asked for, so an interrupted import resumes where it stopped. The list ends
   * with an empty next_openid, or a page of none (wechat-reach.md §2.1, §2.3).
   */
  private async sync(accountId: string): Promise<void> {
    const { followers, log } = this.deps;
    try {
      const account = await this.deps.account(accountId);
      if (!account) throw new Error('account not found');
      const api = this.deps.wechatFor(account);
      let next = (await followers.syncState(accountId))?.nextOpenId ?? undefined;
      // A fresh import also brings the tags made on WeChat itself (blacklist 1 and 星标组 2 are WeChat's own).
      if (!next) await this.deps.tags.upsertFromWechat(accountId, (await api.listTags()).filter((t) => t.id > 2));
      for (;;) {
        const page = await api.listFollowers(next);
        await followers.importPage(accountId, page.openIds.map((openId) => ({ hash: this.hash(openId), enc: this.deps.pii.encrypt(openId) })));
        const done = page.openIds.length === 0 || !page.nextOpenId;
        await followers.syncProgress(accountId, { nextOpenId: page.nextOpenId, total: page.total, added: page.openIds.length, done });
        if (done) break;
        next = page.nextOpenId;
      }
      log.info({ account: accountId }, 'followers imported');
    } catch (err) {
      log.warn({ account: accountId, err: (err as Error).message }, 'follower import failed');
      await followers.syncFailed(accountId, (err as Error).message).catch(() => undefined);
    }
  }

  reveal(enc: string): string {
    return this.deps.pii.decrypt(enc);
  }

  maskedOpenId(enc: string): string {
    return maskOpenId(this.deps.pii.decrypt(enc));
  }
}
