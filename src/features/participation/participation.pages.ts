import { html, layout, paragraphs } from '../../lib/h5-html.js';
import type { PublishedAnswer } from './answers.repository.js';
import type { Poll, PollResults } from './polls.repository.js';

const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export interface AnswerLinks {
  list(query: { q?: string; category?: string }): string;
  answer(id: number): string;
}

export function answersPage(items: PublishedAnswer[], categories: Array<{ name: string; count: number }>, query: { q?: string; category?: string }, links: AnswerLinks, account?: string): string {
  return layout('公开答复', html`<section><h1>公开答复</h1>
<form method="get" action="/h5/answers"><input type="search" name="q" value="${query.q ?? ''}" placeholder="搜索问题或答复" aria-label="搜索公开答复">
${query.category ? html`<input type="hidden" name="category" value="${query.category}">` : ''}${account ? html`<input type="hidden" name="a" value="${account}">` : ''}<button type="submit">搜索</button></form>
<p class="meta">分类：<a href="${links.list({ q: query.q })}">全部</a> ${categories.map((c) => html`<a class="tag" href="${links.list({ q: query.q, category: c.name })}">${c.name}（${c.count}）</a>`)}</p></section>
<section class="list">${items.length === 0 ? html`<p>暂无相关公开答复。</p>` : items.map((a) => html`<a href="${links.answer(a.id)}"><span class="tag">${a.category}</span>${a.question.length > 40 ? `${a.question.slice(0, 40)}…` : a.question}<br><span class="meta">${day(a.publishedAt)}${a.department ? ` · ${a.department}` : ''}</span></a>`)}</section>`);
}

export function answerPage(a: PublishedAnswer, back: string): string {
  return layout(a.question.slice(0, 30), html`<section><span class="tag">${a.category}</span><span class="meta">${day(a.publishedAt)}</span>
<h2>群众来信</h2>${paragraphs(a.question)}</section>
<section><h2>答复${a.department ? `（${a.department}）` : ''}</h2>${paragraphs(a.answer)}</section>
<p><a href="${back}">返回公开答复列表</a></p>`);
}

export interface PollPageState {
  /** The signed token when the citizen came from chat and has not voted yet. */
  token?: string;
  voted: boolean;
  message?: string;
  phase: 'open' | 'not_started' | 'ended';
  account?: string;
}

export function pollPage(poll: Poll, results: PollResults | null, state: PollPageState): string {
  const form = state.token && !state.voted && state.phase === 'open'
    ? html`<form method="post" action="/h5/polls/${poll.id}${state.account ? `?a=${state.account}` : ''}"><input type="hidden" name="t" value="${state.token}">
${poll.options.map((o, i) => html`<label class="opt"><input type="${poll.multiple ? 'checkbox' : 'radio'}" name="choice" value="${i + 1}"> ${i + 1}. ${o}</label>`)}
<button type="submit">提交</button></form>`
    : html`<ol>${poll.options.map((o) => html`<li>${o}</li>`)}</ol>
<p class="meta">${state.phase === 'not_started' ? '投票尚未开始。' : state.phase === 'ended' ? '投票已结束。' : state.voted ? '您已参与本次投票。' : '请在公众号对话中发送选项数字投票，或从对话中打开本页投票。'}</p>`;
  const bars = results
    ? html`<section><h2>当前结果（${results.voters}人参与）</h2>${results.options.map((o) => {
        const share = results.voters ? Math.round((o.count / results.voters) * 100) : 0;
        return html`<p>${o.text}：${o.count}票（${share}%）</p><div class="bar"><i style="width:${share}%"></i></div>`;
      })}</section>`
    : '';
  return layout(poll.title, html`<section><h1>${poll.title}</h1>${paragraphs(poll.question)}${state.message ? html`<p><strong>${state.message}</strong></p>` : ''}${form}</section>${bars}`);
}

export const missingPage = () => layout('页面不存在', html`<section><h1>页面不存在</h1><p>内容不存在、已下线或链接已失效。</p></section>`);
