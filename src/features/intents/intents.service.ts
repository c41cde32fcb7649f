import type { ChangeBus } from '../../infra/change-bus.js';
import { normalizeText } from '../../router/normalize.js';
import { isDuplicateName, type IntentRepository } from './intents.repository.js';
import type { Intent, IntentInput } from './intents.types.js';

export class IntentValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** An action URI: a scheme (`appointment`, `ticket`, `menu`, `reply`…) and an optional argument. */
const ACTION = /^[a-z][a-z0-9_-]*(?::[\s\S]+)?$/;

/**
 * Intents per account, cached in memory and dropped on every instance through the
 * change bus when an operator edits one, as keyword rules are: matching a message
 * never queries the database.
 */
export class IntentService {
  private readonly cache = new Map<string, Promise<Intent[]>>();

  constructor(
    private readonly repo: IntentRepository,
    private readonly bus: ChangeBus,
    /** The core set every account starts with (emergencies, small talk, everyday commands). */
    private readonly core: () => Promise<IntentInput[]>,
  ) {
    bus.onChange((accountId) => (accountId === null ? this.cache.clear() : this.cache.delete(accountId)));
  }

  onChange(listener: (accountId: string | null) => void): void {
    this.bus.onChange(listener);
  }

  /**
   * The enabled intents of an account. An account used for the first time gets the core set
   * first, so emergencies and small talk answer without any set-up, in production too.
   */
  load(accountId: string): Promise<Intent[]> {
    let entry = this.cache.get(accountId);
    if (!entry) {
      entry = this.withCore(accountId).then(() => this.repo.list(accountId, { enabledOnly: true }));
      this.cache.set(accountId, entry);
      entry.catch(() => this.cache.delete(accountId));
    }
    return entry;
  }

  /**
   * No change is announced: every instance runs this before its first list, and the claim
   * waits for another instance's uncommitted claim, so each lists the core set once it is in.
   * (Announcing would make this instance drop the set it is loading, and reload it later,
   * perhaps when the database cannot answer.)
   */
  private async withCore(accountId: string): Promise<void> {
    const core = await this.core();
    core.forEach(IntentService.validate);
    await this.repo.loadCoreOnce(accountId, core);
  }

  static validate(input: IntentInput): void {
    input.phrases.forEach((phrase, i) => {
      if (!normalizeText(phrase.text)) throw new IntentValidationError(`phrases[${i}].text`, '短语只含标点或空白，无法匹配任何消息');
    });
    if (!ACTION.test(input.action)) {
      throw new IntentValidationError('action', '动作应为“类型:参数”形式，如 appointment:A2、ticket:投诉、menu:main、reply:您好');
    }
  }

  private async saved<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (isDuplicateName(err)) throw new IntentValidationError('name', '已有同名意图');
      throw err;
    }
  }

  async create(accountId: string, input: IntentInput): Promise<Intent> {
    IntentService.validate(input);
    const intent = await this.saved(() => this.repo.create(accountId, input));
    await this.bus.publish(accountId);
    return intent;
  }

  async update(accountId: string, id: number, input: IntentInput): Promise<Intent | undefined> {
    IntentService.validate(input);
    const intent = await this.saved(() => this.repo.update(accountId, id, input));
    if (intent) await this.bus.publish(accountId);
    return intent;
  }

  /** A partial change (e.g. only `enabled`): the stored intent with the given fields replaced. */
  async patch(accountId: string, id: number, changes: Partial<IntentInput>): Promise<Intent | undefined> {
    const current = await this.repo.get(accountId, id);
    if (!current) return undefined;
    const { name, phrases, action, priority, enabled } = current;
    return this.update(accountId, id, { name, phrases, action, priority, enabled, ...changes });
  }

  async remove(accountId: string, id: number): Promise<boolean> {
    const removed = await this.repo.remove(accountId, id);
    if (removed) await this.bus.publish(accountId);
    return removed;
  }

  /** Adds the intents of a set whose names the account does not use yet; returns those added. */
  async addMissing(accountId: string, set: IntentInput[]): Promise<Intent[]> {
    const taken = new Set((await this.repo.list(accountId)).map((i) => i.name));
    const added: Intent[] = [];
    for (const input of set) {
      if (taken.has(input.name)) continue;
      IntentService.validate(input);
      added.push(await this.saved(() => this.repo.create(accountId, input)));
    }
    if (added.length) await this.bus.publish(accountId);
    return added;
  }

  list(accountId: string): Promise<Intent[]> {
    return this.repo.list(accountId);
  }

  get(accountId: string, id: number): Promise<Intent | undefined> {
    return this.repo.get(accountId, id);
  }
}
