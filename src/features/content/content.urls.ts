import { DEFAULT_ACCOUNT_ID } from '../../wechat/account.js';

/**
 * Links to the H5 pages. The default account's pages live at the bare paths of the
 * contract (/h5/guides/:id); another account's carry `?a=<account>` so a page
 * never shows one account's content under another's name.
 */
export class H5Urls {
  constructor(private readonly base: string) {}

  private build(accountId: string, path: string, query: Record<string, string | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
    if (accountId !== DEFAULT_ACCOUNT_ID) params.set('a', accountId);
    const qs = params.toString();
    return `${this.base}${path}${qs ? `?${qs}` : ''}`;
  }

  guide(accountId: string, id: number): string {
    return this.build(accountId, `/h5/guides/${id}`);
  }

  news(accountId: string, id: number): string {
    return this.build(accountId, `/h5/news/${id}`);
  }

  category(accountId: string, category: string): string {
    return this.build(accountId, '/h5/news', { category });
  }

  /** The search page without a query: the pages' home. */
  home(accountId: string): string {
    return this.build(accountId, '/h5/search');
  }

  search(accountId: string, q: string): string {
    return this.build(accountId, '/h5/search', { q });
  }
}

/** Account of an H5 request: `?a=` or the default. */
export function accountOfPage(a: unknown): string | undefined {
  if (a === undefined) return DEFAULT_ACCOUNT_ID;
  return typeof a === 'string' && /^[a-z0-9][a-z0-9_-]{0,31}$/.test(a) ? a : undefined;
}
