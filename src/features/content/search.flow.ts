import type { KeyValueStore } from '../../infra/kv/port.js';
import { PRIORITY, type HandlerResult, type MessageContext, type Rule } from '../../router/types.js';
import type { Fallback } from '../feature.js';
import type { ContentAnswers } from './content.answers.js';
import { HOTLINE_HINT, noResultText, resultsText } from './content.replies.js';
import type { SearchHit } from './content.types.js';
import type { H5Urls } from './content.urls.js';
import type { SearchService } from './search.service.js';
import { actionArgument } from './content.actions.js';

/**
 * Search as a conversation: results are numbered and kept in the session
 * (step `search.results`), a number opens one, 下一页/上一页 page, 0 goes back,
 * 退出 leaves. Text no rule answered is searched (fallback, priority 0).
 */

export const SEARCH_STEP = 'search.results';
export const PAGE_SIZE = 5;
/** A marker outliving the session, to tell "your results expired" from "never searched". */
const RECENT_TTL_MS = 2 * 3600_000;

interface SearchState {
  q: string;
  hits: Array<Pick<SearchHit, 'kind' | 'id' | 'title'>>;
  page: number;
}

const PICK = /^\d{1,2}$/;
const NEXT = new Set(['下一页', '下页', '下一頁', '更多']);
const PREV = new Set(['上一页', '上页', '上一頁']);
const LEAVE = new Set(['退出', '退出搜索']);
const isControl = (text: string | undefined) => text !== undefined && (PICK.test(text) || NEXT.has(text) || PREV.has(text) || LEAVE.has(text));

const reply = (content: string) => ({ type: 'text' as const, content });
const EXPIRED = '上次的搜索结果已超时失效（10分钟未操作）。请重新发送要查询的内容，例如“社保”；或回复“菜单”查看服务目录。';
const LEFT = `已退出搜索结果。您可以直接发送要查询的内容，或${HOTLINE_HINT}`;
const EXPLICIT = /^(?:搜索|搜尋)[\s:：]*/u;

export class SearchFlow {
  constructor(
    private readonly search: SearchService,
    private readonly answers: ContentAnswers,
    private readonly kv: KeyValueStore,
    private readonly urls: H5Urls,
  ) {}

  private recentKey(ctx: MessageContext): string {
    return `content:search-recent:${ctx.account.id}:${ctx.message.openId}`;
  }

  private inSearch(ctx: MessageContext): boolean {
    return ctx.conversation.current?.step.startsWith('search.') ?? false;
  }

  private async show(ctx: MessageContext, state: SearchState): Promise<HandlerResult> {
    await ctx.conversation.start(SEARCH_STEP, { ...state });
    await this.kv.set(this.recentKey(ctx), '1', RECENT_TTL_MS).catch(() => undefined);
    return resultsText(state.q, state.hits as SearchHit[], state.page, PAGE_SIZE, this.urls.search(ctx.account.id, state.q));
  }

  /** Searches and answers; null when the text holds nothing to search for. */
  async run(ctx: MessageContext, text: string): Promise<HandlerResult> {
    const { query, hits } = await this.search.search(ctx.account.id, text);
    if (!query) return null;
    if (hits.length === 0) {
      await this.search.recordUnmatched(ctx.account.id, query);
      if (this.inSearch(ctx)) await ctx.conversation.end();
      return noResultText(query.display);
    }
    if (hits.length === 1) {
      if (this.inSearch(ctx)) await ctx.conversation.end();
      const only = await this.answers.open(ctx.account.id, hits[0]!);
      if (only) return only;
    }
    return this.show(ctx, { q: query.display, hits: hits.map(({ kind, id, title }) => ({ kind, id, title })), page: 1 });
  }

  private async step(ctx: MessageContext): Promise<HandlerResult> {
    const state = ctx.conversation.current!.data as unknown as SearchState;
    const text = ctx.text!;
    const pages = Math.max(1, Math.ceil(state.hits.length / PAGE_SIZE));
    if (LEAVE.has(text) || (text === '0' && state.page <= 1)) {
      await ctx.conversation.end();
      await this.kv.del(this.recentKey(ctx)).catch(() => undefined);
      return reply(LEFT);
    }
    if (text === '0' || PREV.has(text)) {
      if (state.page <= 1) return reply('已经是第一页了。回复序号查看详情，回复“0”退出。');
      return this.show(ctx, { ...state, page: state.page - 1 });
    }
    if (NEXT.has(text)) {
      if (state.page >= pages) return reply('已经是最后一页了。回复序号查看详情，或发送新的内容重新搜索；回复“0”退出。');
      return this.show(ctx, { ...state, page: state.page + 1 });
    }
    const n = Number(text);
    const hit = state.hits[n - 1];
    if (!hit) return reply(`没有第${n}条结果，请回复1-${state.hits.length}之间的序号；回复“0”退出。`);
    await ctx.conversation.start(SEARCH_STEP, { ...state });
    const opened = await this.answers.open(ctx.account.id, hit, '回复其他序号继续查看，回复“0”退出。');
    return opened ?? reply(`第${n}条内容已下线。请回复其他序号，或发送新的内容重新搜索。`);
  }

  rules(): Rule[] {
    return [
      {
        name: 'content:search-step',
        priority: PRIORITY.conversationStep,
        match: { kinds: ['text', 'voice'], step: { prefix: 'search.' }, when: (ctx) => isControl(ctx.text) },
        handle: (ctx) => this.step(ctx),
      },
      {
        // An explicit command: above operator keywords, below any flow in progress.
        name: 'content:search-command',
        priority: PRIORITY.menuKey,
        match: { kinds: ['text', 'voice'], when: (ctx) => EXPLICIT.test(ctx.text ?? '') },
        handle: async (ctx) => {
          const words = ctx.text!.replace(EXPLICIT, '');
          const result = words ? await this.run(ctx, words) : null;
          return result ?? reply('请在“搜索”后输入要查找的内容，例如：搜索 社保');
        },
      },
      {
        name: 'content:search-action',
        priority: PRIORITY.menuKey,
        match: { events: ['click'], eventKey: { prefix: 'search:' } },
        handle: async (ctx) => {
          const words = actionArgument(ctx, 'search:');
          return (await this.run(ctx, words)) ?? reply(`请直接发送要查询的内容，例如“社保”。${HOTLINE_HINT}`);
        },
      },
    ];
  }

  fallback(): Fallback {
    return {
      name: 'content:search',
      priority: 0,
      handle: async (ctx) => {
        if ((ctx.message.kind !== 'text' && ctx.message.kind !== 'voice') || !ctx.text) return undefined;
        if (isControl(ctx.text)) {
          // A number or 下一页 with no live results: expired, or not ours to answer.
          const recent = await this.kv.get(this.recentKey(ctx)).catch(() => null);
          if (!recent) return undefined;
          await this.kv.del(this.recentKey(ctx)).catch(() => undefined);
          return reply(EXPIRED);
        }
        return (await this.run(ctx, ctx.text)) ?? undefined;
      },
    };
  }
}
