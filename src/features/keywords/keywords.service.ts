import type { Logger } from 'pino';
import type { ChangeBus } from '../../infra/change-bus.js';
import { compileKeywordRegex } from '../../router/keyword-regex.js';
import type { KeywordRepository } from './keywords.repository.js';
import type { AutoReplyKind, KeywordRule, KeywordRuleInput, ReplySpec } from './keywords.types.js';

export class KeywordValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

interface AccountRules {
  rules: KeywordRule[];
  subscribe: ReplySpec[];
  fallback: ReplySpec[];
}

/**
 * Hit counts are statistics: a five-second batch turns a burst across thousands of rules
 * into one UPDATE per five seconds instead of one a second touching most of them (the
 * 10,000-rule benchmark lost about a tenth of its throughput to per-second flushes).
 * Reading rules through the admin API flushes first, so operators see every hit.
 */
const HIT_FLUSH_MS = 5000;

/**
 * Operator keyword replies: cached in memory per account, invalidated through the
 * change bus so every instance picks up an edit within a second. Hits are counted
 * in memory and flushed every few seconds, keeping writes off the reply path.
 */
export class KeywordService {
  private readonly cache = new Map<string, Promise<AccountRules>>();
  private pendingHits = new Map<number, number>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly flushTimer: NodeJS.Timeout;

  constructor(
    private readonly repo: KeywordRepository,
    private readonly bus: ChangeBus,
    private readonly log: Logger,
  ) {
    bus.onChange((accountId) => (accountId === null ? this.cache.clear() : this.cache.delete(accountId)));
    this.flushTimer = setInterval(() => void this.flushHits().catch(() => undefined), HIT_FLUSH_MS);
    this.flushTimer.unref();
  }

  onChange(listener: (accountId: string | null) => void): void {
    this.bus.onChange(listener);
  }

  load(accountId: string): Promise<AccountRules> {
    let entry = this.cache.get(accountId);
    if (!entry) {
      entry = Promise.all([
        this.repo.list(accountId, { enabledOnly: true }),
        this.repo.getAutoReply(accountId, 'subscribe'),
        this.repo.getAutoReply(accountId, 'default'),
      ]).then(([rules, subscribe, fallback]) => ({ rules, subscribe, fallback }));
      this.cache.set(accountId, entry);
      entry.catch(() => this.cache.delete(accountId));
    }
    return entry;
  }

  recordHit(ruleId: number): void {
    this.pendingHits.set(ruleId, (this.pendingHits.get(ruleId) ?? 0) + 1);
  }

  /**
   * Writes the counted hits. Flushes run one after another, so a reader that flushes
   * first (list, get) also waits for a flush another caller started: it never reads
   * counts that are already taken from memory but not yet in the table.
   */
  flushHits(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeHits());
    return this.flushing;
  }

  private async writeHits(): Promise<void> {
    if (this.pendingHits.size === 0) return;
    const hits = this.pendingHits;
    this.pendingHits = new Map();
    try {
      await this.repo.addHits(hits);
    } catch (err) {
      for (const [id, n] of hits) this.pendingHits.set(id, (this.pendingHits.get(id) ?? 0) + n);
      this.log.warn({ err: (err as Error).message }, 'keyword hit counts not saved yet; will retry');
    }
  }

  static validate(input: KeywordRuleInput): void {
    input.keywords.forEach((keyword, i) => {
      if (keyword.match !== 'regex') return;
      const compiled = compileKeywordRegex(keyword.text);
      if (!compiled.ok) throw new KeywordValidationError(`keywords[${i}].text`, `正则表达式无法使用：${compiled.reason}`);
    });
    if (input.activeFrom && input.activeTo && Date.parse(input.activeFrom) >= Date.parse(input.activeTo)) {
      throw new KeywordValidationError('activeTo', 'activeTo 必须晚于 activeFrom');
    }
  }

  async create(accountId: string, input: KeywordRuleInput): Promise<KeywordRule> {
    KeywordService.validate(input);
    const rule = await this.repo.create(accountId, input);
    await this.bus.publish(accountId);
    return rule;
  }

  async update(accountId: string, id: number, input: KeywordRuleInput): Promise<KeywordRule | undefined> {
    KeywordService.validate(input);
    const rule = await this.repo.update(accountId, id, input);
    if (rule) await this.bus.publish(accountId);
    return rule;
  }

  async remove(accountId: string, id: number): Promise<boolean> {
    const removed = await this.repo.remove(accountId, id);
    if (removed) await this.bus.publish(accountId);
    return removed;
  }

  async list(accountId: string): Promise<KeywordRule[]> {
    await this.flushHits();
    return this.repo.list(accountId);
  }

  async get(accountId: string, id: number): Promise<KeywordRule | undefined> {
    await this.flushHits();
    return this.repo.get(accountId, id);
  }

  async setAutoReply(accountId: string, kind: AutoReplyKind, replies: ReplySpec[]): Promise<void> {
    await this.repo.setAutoReply(accountId, kind, replies);
    await this.bus.publish(accountId);
  }

  getAutoReply(accountId: string, kind: AutoReplyKind): Promise<ReplySpec[]> {
    return this.repo.getAutoReply(accountId, kind);
  }

  async stop(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushHits();
  }
}
