import { html, layout, paragraphs } from '../../lib/h5-html.js';
import { publicLine } from './tickets.texts.js';
import { STATUS_LABELS, type Attachment, type Ticket, type TicketEvent } from './tickets.types.js';

const stamp = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The citizen's progress page: status, deadline, the public timeline and replies, and the
 * attachments as thumbnails. Never an operator's name or an internal note.
 */
export function progressPage(ticket: Ticket, events: TicketEvent[], attachments: Attachment[], attachmentUrl: (id: number) => string, mergedNo?: string): string {
  const lines = events.map((e) => publicLine(e, () => mergedNo)).filter((l): l is string => Boolean(l));
  const replies = events.filter((e) => e.action === 'reply');
  const final = ticket.status === 'closed' || ticket.status === 'merged' || ticket.status === 'rejected';
  return layout(`工单${ticket.ticketNo}`, html`<section><h1>工单 ${ticket.ticketNo}</h1>
<p><span class="tag">${ticket.category}</span>状态：<strong>${STATUS_LABELS[ticket.status].public}</strong></p>
${final ? '' : html`<p>答复期限：${ticket.dueDate}${ticket.originalDueDate ? `（已延期，原期限${ticket.originalDueDate}）` : ''}</p>`}
<p class="meta">提交时间：${stamp(ticket.createdAt)}</p></section>
<section><h2>办理进程</h2><ol class="timeline">${lines.map((l) => html`<li>${l}</li>`)}</ol></section>
${replies.length ? html`<section><h2>答复</h2>${replies.map((r) => html`<p class="meta">${stamp(r.createdAt)}</p>${paragraphs(String(r.detail.content ?? ''))}`)}</section>` : ''}
${attachments.length ? html`<section><h2>附件</h2>${attachments.map((a) =>
    a.kind === 'image' ? html`<a href="${attachmentUrl(a.id)}"><img class="thumb" src="${attachmentUrl(a.id)}" alt="照片${a.id}"></a>` : html`<p><a href="${attachmentUrl(a.id)}">语音留言</a></p>`)}</section>` : ''}`);
}

export function lookupPage(ticketNo: string, message?: string): string {
  return layout('查询工单进度', html`<section><h1>查询工单进度</h1>${message ? html`<p><strong>${message}</strong></p>` : ''}
<form method="get" action="/h5/tickets/${ticketNo}"><input type="search" name="code" inputmode="numeric" placeholder="请输入6位查询码" aria-label="查询码"><button type="submit">查询</button></form>
<p class="meta">请从公众号对话中回复“进度 工单号”获取查询链接；匿名工单请输入提交时获得的查询码。</p></section>`);
}
