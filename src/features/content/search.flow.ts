import type { KeyValueStore } from '../../infra/kv/port.js';
import { createLogThrottle } from '../../lib/log-throttle.js';
import { PRIORITY, type HandlerResult, type MessageContext, type Rule } from '../../router/types.js';
import type { Fallback } from '../feature.js';
import type { ContentAnswers } from './content.answers.js';
import { CONSULT_DIGIT, HOTLINE_HINT, noResultText, resultsText, tooLongText } from './content.replies.js';
import type { SearchHit } from './content.types.js';
import type { H5Urls } from './content.urls.js';
import type { SearchOutcome, SearchService } from './search.service.js';
import { actionArgument } from './content.actions.js';

/**
 * Search as a conversation: results are numbered and kept in the session
 * (step `search.results`), a number opens one, 下一页/上一页 page, 0 goes back,
 * 退出 leaves. Text no rule answered is searched (fallback, priority 0); when nothing
 * is found the `search:none` fallback answers with a way forward (step `content.none`:
 * 1 files the question as a 咨询). A guide opened on its own that is linked to an
 * appointment service leaves step `content.offer`: 预约 then books that service.
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

/** Longer than any question: a letter or a paste, answered without searching (complaint flows take long text before this). */
export const LONG_MESSAGE_CHARS = 500;
export const NONE_STEP = 'content.none';
export const OFFER_STEP = 'content.offer';
const OFFER_TTL_SECONDS = 600;
/** The words that take up an offered appointment (after normalisation). */
const BOOK = new Set(['预约', '我要预约', '在线预约', '预约办理']);
/** Kept with the step; the ticket flow takes the question as its first content. */
const CONSULT_TEXT_CHARS = 200;

/** An unanswered search, handed from the search fallback to `search:none` within one message. */
const unanswered = new WeakMap<MessageContext, SearchOutcome>();

export class SearchFlow {
  constructor(
    private readonly search: SearchService,
    private readonly answers: ContentAnswers,
    private readonly kv: KeyValueStore,
    private readonly urls: H5Urls,
  ) {}

  private readonly storeWarnings = createLogThrottle();

  private recentKey(ctx: MessageContext): string {
    return `content:search-recent:${ctx.account.id}:${ctx.message.openId}`;
  }

  /**
   * Keeps the results for the citizen's next digit. A store outage must not turn a found
   * answer into an apology: the list still helps, only its numbers will not open anything.
   */
  private async remember(ctx: MessageContext, step: string, data: Record<string, unknown>, ttlSeconds?: number): Promise<void> {
    await ctx.conversation.start(step, data, ttlSeconds).catch((err: Error) => {
      this.storeWarnings.warn(ctx.log, 'search-conversation-store', { err: err.message }, 'search could not remember its results (store unavailable); answering without them');
    });
  }

  private inSearch(ctx: MessageContext): boolean {
    return ctx.conversation.current?.step.startsWith('search.') ?? false;
  }

  private async show(ctx: MessageContext, state: SearchState): Promise<HandlerResult> {
    await this.remember(ctx, SEARCH_STEP, { ...state });
    await this.kv.set(this.recentKey(ctx), '1', RECENT_TTL_MS).catch(() => undefined);
    return resultsText(state.q, state.hits as SearchHit[], state.page, PAGE_SIZE, this.urls.search(ctx.account.id, state.q));
  }

  /**
   * Searches and answers; null when the text holds nothing to search for; undefined when
   * nothing was found, with the outcome kept for `search:none` (or answered here when `answerNone`).
   */
  async run(ctx: MessageContext, text: string, answerNone = true): Promise<HandlerResult | undefined> {
    const outcome = await this.search.search(ctx.account.id, text);
    const { query, hits } = outcome;
    if (!query) return null;
    if (hits.length === 0) {
      if (answerNone) return this.none(ctx, outcome);
      unanswered.set(ctx, outcome);
      return undefined;
    }
    if (hits.length === 1) {
      if (this.inSearch(ctx)) await ctx.conversation.end().catch(() => undefined);
      const only = await this.answers.opened(ctx.account.id, hits[0]!);
      if (only?.appointment) await this.remember(ctx, OFFER_STEP, { appointment: only.appointment }, OFFER_TTL_SECONDS);
      if (only) return only.reply;
    }
    return this.show(ctx, { q: query.display, hits: hits.map(({ kind, id, title }) => ({ kind, id, title })), page: 1 });
  }

  /** No dead end: suggestions, the question as a 咨询 with one digit, the menu and 12345. */
  private async none(ctx: MessageContext, { query, suggestions }: SearchOutcome): Promise<HandlerResult> {
    await this.search.recordUnmatched(ctx.account.id, query!);
    const question = [...(ctx.rawText ?? ctx.text ?? query!.display).trim()].slice(0, CONSULT_TEXT_CHARS).join('');
    await this.remember(ctx, NONE_STEP, { question });
    return noResultText(query!.display, suggestions);
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
        name: 'content:consult-unanswered',
        priority: PRIORITY.conversationStep,
        match: { kinds: ['text', 'voice'], step: NONE_STEP, when: (ctx) => ctx.text === CONSULT_DIGIT },
        handle: async (ctx) => {
          const question = String(ctx.conversation.current?.data.question ?? '');
          await ctx.conversation.end();
          return ctx.perform(question ? `ticket:咨询?text=${encodeURIComponent(question)}` : 'ticket:咨询');
        },
      },
      {
        name: 'content:book-offered',
        priority: PRIORITY.conversationStep,
        match: { kinds: ['text', 'voice'], step: OFFER_STEP, when: (ctx) => BOOK.has(ctx.text ?? '') },
        handle: async (ctx) => {
          const code = String(ctx.conversation.current?.data.appointment ?? '');
          await ctx.conversation.end();
          return ctx.perform(code ? `appointment:${code}` : 'appointment');
        },
      },
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

  fallbacks(): Fallback[] {
    return [
      {
        name: 'content:search',
        priority: 0,
        handle: async (ctx) => {
          if ((ctx.message.kind !== 'text' && ctx.message.kind !== 'voice') || !ctx.text) return undefined;
          const chars = [...ctx.text].length;
          if (chars > LONG_MESSAGE_CHARS) return tooLongText(Math.round(chars / 100) * 100);
          if (isControl(ctx.text)) {
            // A number or 下一页 with no live results: expired, or not ours to answer.
            const recent = await this.kv.get(this.recentKey(ctx)).catch(() => null);
            if (!recent) return undefined;
            await this.kv.del(this.recentKey(ctx)).catch(() => undefined);
            return reply(EXPIRED);
          }
          return (await this.run(ctx, ctx.text, false)) ?? undefined;
        },
      },
      {
        // Its own name, so logs and the message log tell "a search that found nothing" apart.
        name: 'search:none',
        priority: -1,
        handle: async (ctx) => {
          const outcome = unanswered.get(ctx);
          if (!outcome) return undefined;
          if (this.inSearch(ctx)) await ctx.conversation.end();
          return this.none(ctx, outcome);
        },
      },
    ];
  }
}
