import type { FastifyInstance, FastifyReply } from 'fastify';
import type { KeyValueStore } from '../../infra/kv/port.js';
import { PAGE_HEADERS } from '../../lib/h5-html.js';
import type { PiiCipher } from '../../lib/pii.js';
import { signLink, verifyLink } from '../../lib/signed-link.js';
import { DEFAULT_ACCOUNT_ID } from '../../wechat/account.js';
import type { AttachmentRepository } from './ticket-attachments.repository.js';
import { servedType } from './attachment-type.js';
import { lookupPage, progressPage } from './tickets.page.js';
import type { TicketRepository } from './tickets.repository.js';
import type { TicketService } from './tickets.service.js';
import type { Ticket } from './tickets.types.js';

/** How long the link in a progress reply opens the page. */
export const PAGE_LINK_TTL_MS = 7 * 24 * 3600_000;
/** 查询码 guesses per ticket number and hour. */
const CODE_TRIES_PER_HOUR = 10;

const subject = (accountId: string, ticketNo: string) => `ticket:${accountId}:${ticketNo}`;
const accountOf = (a: unknown): string | undefined =>
  a === undefined ? DEFAULT_ACCOUNT_ID : typeof a === 'string' && /^[a-z0-9][a-z0-9_-]{0,31}$/.test(a) ? a : undefined;

/** The signed link a progress reply carries: this ticket, this account, for a week. */
export function progressLink(pii: PiiCipher, base: string, accountId: string, ticketNo: string, openId: string, now: number): string {
  const params = new URLSearchParams({ t: signLink(pii, { subject: subject(accountId, ticketNo), openId, expiresAt: now + PAGE_LINK_TTL_MS }) });
  if (accountId !== DEFAULT_ACCOUNT_ID) params.set('a', accountId);
  return `${base}/h5/tickets/${ticketNo}?${params.toString()}`;
}

interface Deps {
  repo: TicketRepository;
  attachments: AttachmentRepository;
  service: TicketService;
  pii: PiiCipher;
  kv: KeyValueStore;
}

type Query = { a?: unknown; t?: unknown; code?: unknown };

/** GET /h5/tickets/:ticketNo with a signed link (?t=) or the 查询码 (?code=); attachments through the same check. */
export async function ticketPageRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const send = (reply: FastifyReply, page: string, status = 200) => reply.code(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page);

  /** The ticket when the link or code opens it; a string says why not. */
  const open = async (accountId: string | undefined, ticketNo: string, query: Query): Promise<Ticket | string> => {
    if (!accountId || !/^\d{11}$/.test(ticketNo)) return '未找到该工单。';
    if (query.t !== undefined) {
      if (!verifyLink(deps.pii, query.t, subject(accountId, ticketNo), Date.now())) return '链接已失效，请在公众号对话中回复“进度 工单号”获取新链接。';
      return (await deps.repo.getByNo(accountId, ticketNo)) ?? '未找到该工单。';
    }
    if (typeof query.code !== 'string' || !/^\d{6}$/.test(query.code)) return '';
    const tries = await deps.kv.incr(`tickets:page-code:${accountId}:${ticketNo}`, 3600_000).catch(() => 0);
    if (tries > CODE_TRIES_PER_HOUR) return '查询次数过多，请1小时后再试。';
    return (await deps.service.findForCitizen(accountId, '', ticketNo, query.code)) ?? '工单号或查询码不正确。';
  };

  app.get<{ Params: { ticketNo: string }; Querystring: Query }>('/h5/tickets/:ticketNo', async (request, reply) => {
    const { ticketNo } = request.params;
    const accountId = accountOf(request.query.a);
    const ticket = await open(accountId, ticketNo, request.query);
    if (typeof ticket === 'string') return send(reply, lookupPage(/^\d{11}$/.test(ticketNo) ? ticketNo : '', ticket || undefined), ticket ? 403 : 200);
    const events = await deps.repo.events(ticket.id, 'public');
    const merged = ticket.mergedInto ? (await deps.repo.get(ticket.accountId, ticket.mergedInto))?.ticketNo : undefined;
    const access = new URLSearchParams();
    if (typeof request.query.t === 'string') access.set('t', request.query.t);
    else access.set('code', String(request.query.code));
    if (ticket.accountId !== DEFAULT_ACCOUNT_ID) access.set('a', ticket.accountId);
    const url = (id: number) => `/h5/tickets/${ticket.ticketNo}/attachments/${id}?${access.toString()}`;
    return send(reply, progressPage(ticket, events, await deps.attachments.list(ticket.id), url, merged));
  });

  app.get<{ Params: { ticketNo: string; id: string }; Querystring: Query }>('/h5/tickets/:ticketNo/attachments/:id', async (request, reply) => {
    const ticket = await open(accountOf(request.query.a), request.params.ticketNo, request.query);
    const id = /^\d{1,12}$/.test(request.params.id) ? Number(request.params.id) : 0;
    const file = typeof ticket === 'string' || !id ? undefined : await deps.attachments.content(ticket.id, id);
    if (!file) return reply.code(404).headers(PAGE_HEADERS).type('text/plain; charset=utf-8').send('not found');
    const served = servedType(file.contentType, id);
    if (served.disposition) reply.header('content-disposition', served.disposition);
    return reply.headers({ ...PAGE_HEADERS, 'cache-control': 'private, no-store' }).type(served.contentType).send(file.data);
  });
}
