import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PiiCipher } from '../../lib/pii.js';
import { verifyLink } from '../../lib/signed-link.js';
import { DEFAULT_ACCOUNT_ID } from '../../wechat/account.js';
import type { AnswerRepository } from './answers.repository.js';
import { PAGE_HEADERS } from '../../lib/h5-html.js';
import { field, type FormBody } from './form-body.js';
import { pollSubject } from './links.js';
import { answerPage, answersPage, missingPage, pollPage } from './participation.pages.js';
import { parseChoices, phaseOf, type PollService } from './polls.service.js';

interface Deps {
  answers: AnswerRepository;
  polls: PollService;
  pii: PiiCipher;
}

type Query = Record<string, unknown>;
const LIST_LIMIT = 50;

const accountOf = (a: unknown): string | undefined =>
  a === undefined ? DEFAULT_ACCOUNT_ID : typeof a === 'string' && /^[a-z0-9][a-z0-9_-]{0,31}$/.test(a) ? a : undefined;
const positiveInt = (v: unknown) => (typeof v === 'string' && /^\d{1,12}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);
const word = (v: unknown, max: number) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);

/** Published answers and polls as server-rendered pages: no script, one account's content only. */
export async function participationPages(app: FastifyInstance, deps: Deps): Promise<void> {
  const send = (reply: FastifyReply, page: string, status = 200) => reply.code(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page);
  const missing = (reply: FastifyReply) => send(reply, missingPage(), 404);
  const withAccount = (accountId: string, path: string, query: Record<string, string | undefined> = {}) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    if (accountId !== DEFAULT_ACCOUNT_ID) params.set('a', accountId);
    const qs = params.toString();
    return `${path}${qs ? `?${qs}` : ''}`;
  };

  app.get<{ Querystring: Query }>('/h5/answers', async (request, reply) => {
    const accountId = accountOf(request.query.a);
    if (!accountId) return missing(reply);
    const query = { q: word(request.query.q, 50), category: word(request.query.category, 30) };
    const items = await deps.answers.list(accountId, query, LIST_LIMIT);
    const links = { list: (q: { q?: string; category?: string }) => withAccount(accountId, '/h5/answers', q), answer: (id: number) => withAccount(accountId, `/h5/answers/${id}`) };
    return send(reply, answersPage(items, await deps.answers.categories(accountId), query, links, accountId === DEFAULT_ACCOUNT_ID ? undefined : accountId));
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/h5/answers/:id', async (request, reply) => {
    const accountId = accountOf(request.query.a);
    const id = positiveInt(request.params.id);
    const answer = accountId && id ? await deps.answers.visible(accountId, id) : undefined;
    return answer ? send(reply, answerPage(answer, withAccount(accountId!, '/h5/answers'))) : missing(reply);
  });

  const showPoll = async (reply: FastifyReply, accountId: string, id: number, token: unknown, message?: string, status = 200) => {
    const poll = await deps.polls.get(accountId, id);
    if (!poll) return missing(reply);
    const now = new Date();
    const claims = verifyLink(deps.pii, token, pollSubject(accountId, id), now.getTime());
    const voted = claims?.openId ? await deps.polls.hasVoted(poll, claims.openId) : false;
    const results = poll.showResults ? await deps.polls.results(poll) : null;
    const state = { token: claims ? String(token) : undefined, voted, message, phase: phaseOf(poll, now), account: accountId === DEFAULT_ACCOUNT_ID ? undefined : accountId };
    return send(reply, pollPage(poll, results, state), status);
  };

  app.get<{ Params: { id: string }; Querystring: Query }>('/h5/polls/:id', async (request, reply) => {
    const accountId = accountOf(request.query.a);
    const id = positiveInt(request.params.id);
    return accountId && id ? showPoll(reply, accountId, id, request.query.t) : missing(reply);
  });

  /** A vote from the page: only with the signed link the chat gave this citizen. */
  app.post<{ Params: { id: string }; Querystring: Query; Body: FormBody | undefined }>('/h5/polls/:id', async (request, reply) => {
    const accountId = accountOf(request.query.a);
    const id = positiveInt(request.params.id);
    const poll = accountId && id ? await deps.polls.get(accountId, id) : undefined;
    if (!poll) return missing(reply);
    const token = field(request.body, 't');
    const claims = verifyLink(deps.pii, token, pollSubject(poll.accountId, poll.id), Date.now());
    if (!claims?.openId) return showPoll(reply, poll.accountId, poll.id, undefined, '链接已失效，请回到公众号对话中重新打开投票。', 403);
    const choices = (request.body?.choice ?? []).join('');
    const result = await deps.polls.vote(poll, claims.openId, parseChoices(poll, choices), 'h5', null, new Date());
    const message = !result.ok
      ? result.reason === 'invalid' ? (poll.multiple ? '请至少选择一项。' : '请选择一项。') : '当前不在投票时间内。'
      : result.outcome === 'voted' ? '投票成功，感谢您的参与！' : '您已参与过本次投票，每人限投一次。';
    return showPoll(reply, poll.accountId, poll.id, token, message, result.ok || result.reason !== 'invalid' ? 200 : 400);
  });
}
