import type { FastifyInstance, FastifyReply } from 'fastify';
import { html, layout, PAGE_HEADERS } from '../../lib/h5-html.js';
import { maskName, maskPhone } from '../../lib/mask.js';
import type { PiiCipher } from '../../lib/pii.js';
import { verifyLink } from '../../lib/signed-link.js';
import { DEFAULT_ACCOUNT_ID } from '../../wechat/account.js';
import { field, type FormBody } from './form-body.js';
import { tipsSubject } from './links.js';
import { inPeriod } from './tips.flow.js';
import type { TipCollection, TipRepository } from './tips.repository.js';

const MAX_CHARS = 2000;
const CONTACT_PHONE = /^1[3-9]\d{9}$/;

type Query = Record<string, unknown>;
const accountOf = (a: unknown): string | undefined =>
  a === undefined ? DEFAULT_ACCOUNT_ID : typeof a === 'string' && /^[a-z0-9][a-z0-9_-]{0,31}$/.test(a) ? a : undefined;

function tipPage(c: TipCollection, state: { token?: string; account?: string; message?: string; done?: boolean }): string {
  const form = state.token && !state.done
    ? html`<form method="post" action="/h5/tips/${c.id}${state.account ? `?a=${state.account}` : ''}"><input type="hidden" name="t" value="${state.token}">
<label class="opt">线索内容<br><textarea name="content" rows="6" maxlength="${MAX_CHARS}" style="width:100%" required></textarea></label>
${c.location ? html`<label class="opt">地点（选填）<br><input name="place" maxlength="100" style="width:100%"></label>` : ''}
${c.contact ? html`<label class="opt">姓名（选填）<br><input name="name" maxlength="20"></label><label class="opt">手机号（选填）<br><input name="phone" inputmode="numeric" maxlength="11"></label>` : ''}
<button type="submit">提交线索</button></form>${c.photos ? html`<p class="meta">如需提供照片，请在公众号对话中发送。</p>` : ''}`
    : state.done ? '' : html`<p class="meta">请从公众号对话中打开本页提交线索。</p>`;
  return layout(c.title, html`<section><h1>${c.title}</h1><p>${c.prompt}</p>${state.message ? html`<p><strong>${state.message}</strong></p>` : ''}${form}</section>`);
}

/** The tip form opened from chat (`tips:<id>` gives the signed link); photos stay a chat matter. */
export async function tipPages(app: FastifyInstance, deps: { tips: TipRepository; pii: PiiCipher }): Promise<void> {
  const send = (reply: FastifyReply, page: string, status = 200) => reply.code(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page);
  const find = async (a: unknown, rawId: string) => {
    const accountId = accountOf(a);
    const id = /^\d{1,12}$/.test(rawId) ? Number(rawId) : 0;
    const c = accountId && id ? await deps.tips.collection(accountId, id) : undefined;
    return c && accountId ? { c, accountId, account: accountId === DEFAULT_ACCOUNT_ID ? undefined : accountId } : undefined;
  };
  const missing = (reply: FastifyReply) => send(reply, layout('页面不存在', html`<section><h1>页面不存在</h1><p>内容不存在、已下线或链接已失效。</p></section>`), 404);

  app.get<{ Params: { id: string }; Querystring: Query }>('/h5/tips/:id', async (request, reply) => {
    const found = await find(request.query.a, request.params.id);
    if (!found) return missing(reply);
    const { c, accountId, account } = found;
    if (!inPeriod(c, new Date())) return send(reply, tipPage(c, { account, message: '不在征集时间内，感谢关注。', done: true }));
    const claims = verifyLink(deps.pii, request.query.t, tipsSubject(accountId, c.id), Date.now());
    return send(reply, tipPage(c, { token: claims ? String(request.query.t) : undefined, account }));
  });

  app.post<{ Params: { id: string }; Querystring: Query; Body: FormBody | undefined }>('/h5/tips/:id', async (request, reply) => {
    const found = await find(request.query.a, request.params.id);
    if (!found) return missing(reply);
    const { c, accountId, account } = found;
    const token = field(request.body, 't');
    const claims = verifyLink(deps.pii, token, tipsSubject(accountId, c.id), Date.now());
    if (!claims?.openId) return send(reply, tipPage(c, { account, message: '链接已失效，请回到公众号对话中重新打开。' }), 403);
    if (!inPeriod(c, new Date())) return send(reply, tipPage(c, { account, message: '不在征集时间内，感谢关注。', done: true }), 409);
    const content = field(request.body, 'content').slice(0, MAX_CHARS);
    const name = field(request.body, 'name').slice(0, 20);
    const phone = field(request.body, 'phone');
    if (!content) return send(reply, tipPage(c, { token, account, message: '请填写线索内容。' }), 400);
    if (phone && !CONTACT_PHONE.test(phone)) return send(reply, tipPage(c, { token, account, message: '手机号应为11位数字。' }), 400);
    const place = field(request.body, 'place').slice(0, 100);
    const contact = c.contact && (name || phone) ? { name, phone } : null;
    const { id } = await deps.tips.insert({
      accountId,
      collectionId: c.id,
      openIdEnc: deps.pii.encrypt(claims.openId),
      content: place ? `${content}\n地点：${place}` : content,
      photos: [],
      location: null,
      contactEnc: contact ? deps.pii.encrypt(JSON.stringify(contact)) : null,
      contactMasked: contact ? [name && maskName(name), phone && maskPhone(phone)].filter(Boolean).join(' ') : null,
      // The same form sent twice (a double tap, a reload) files one tip.
      deliveryKey: deps.pii.hash('tip-form', `${token}\u0000${content}`),
    });
    return send(reply, tipPage(c, { account, message: `线索已收到（编号${id}），感谢您的参与！`, done: true }));
  });
}
