import type { ChangeBus } from '../infra/change-bus.js';
import type { Account } from '../wechat/account.js';
import type { AccountRepository } from './accounts.repository.js';

/**
 * Accounts are read on every webhook request: cached, invalidated through the
 * change bus. The last account seen (and the environment's default account) is
 * kept apart from the cache, so a database outage never turns a signed push into
 * an error: the signature can still be checked and the citizen still answered.
 */
export class AccountService {
  private readonly cache = new Map<string, Promise<Account | undefined>>();
  private readonly lastKnown = new Map<string, Account>();

  constructor(
    private readonly repo: AccountRepository,
    private readonly bus: ChangeBus,
    known: Account[] = [],
  ) {
    for (const account of known) this.lastKnown.set(account.id, account);
    bus.onChange((id) => (id === null ? this.cache.clear() : this.cache.delete(id)));
  }

  async get(id: string): Promise<Account | undefined> {
    let entry = this.cache.get(id);
    if (!entry) {
      entry = this.repo.get(id);
      this.cache.set(id, entry);
      // Unknown ids are not cached: a flood of random ids must not grow memory.
      entry.then((a) => (a ? this.lastKnown.set(id, a) : this.cache.delete(id)), () => this.cache.delete(id));
    }
    try {
      return await entry;
    } catch (err) {
      const known = this.lastKnown.get(id);
      if (known) return known;
      throw err;
    }
  }

  /** Start-up: secrets stored in clear before encryption at rest are encrypted in place. */
  sealStoredSecrets(): Promise<string[]> {
    return this.repo.sealStoredSecrets();
  }

  list(): Promise<Account[]> {
    return this.repo.list();
  }

  async upsert(account: Account): Promise<Account> {
    const saved = await this.repo.upsert(account);
    await this.bus.publish(saved.id);
    return saved;
  }

  templateExists(id: string): Promise<boolean> {
    return this.repo.template.exists(id);
  }

  /**
   * A new account set up like its template (menus, replies, numbered menus, intents, the
   * appeals desk's departments and deadlines; guides on request). Undefined when the id is taken.
   */
  async createFromTemplate(account: Account, template: string, options: { guides: boolean }): Promise<{ account: Account; copied: Record<string, number> } | undefined> {
    const saved = await this.create(account);
    if (!saved) return undefined;
    return { account: saved, copied: await this.repo.template.copy(template, saved.id, options) };
  }

  /** Undefined when the id is taken. */
  async create(account: Account): Promise<Account | undefined> {
    const saved = await this.repo.insert(account);
    if (saved) await this.bus.publish(saved.id);
    return saved;
  }
}
