import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { badRequest, notFound } from '../../lib/errors.js';
import type { Poll, PollRepository } from './polls.repository.js';
import { phaseOf } from './polls.service.js';
import * as r from './participation.responses.js';

const tags = ['participation'];
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;
const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
export const idParams = { type: 'object', required: ['id'], properties: { id } } as const;

const pollBody = {
  type: 'object',
  required: ['title', 'question', 'options'],
  additionalProperties: false,
  properties: {
    title: text(60),
    question: text(300),
    options: { type: 'array', minItems: 2, maxItems: 9, uniqueItems: true, items: text(60), description: '2–9 个选项，群众回复数字 1–9 投票' },
    multiple: { type: 'boolean', default: false },
    showResults: { type: 'boolean', default: true, description: '投票后是否向群众显示结果' },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
  },
} as const;

interface PollBody {
  title: string;
  question: string;
  options: string[];
  multiple: boolean;
  showResults: boolean;
  startsAt?: string;
  endsAt?: string;
}

const view = (poll: Poll, now: Date) => ({
  id: poll.id,
  title: poll.title,
  question: poll.question,
  options: poll.options,
  multiple: poll.multiple,
  showResults: poll.showResults,
  startsAt: poll.startsAt,
  endsAt: poll.endsAt,
  phase: phaseOf(poll, now),
  action: `poll:${poll.id}`,
  createdAt: poll.createdAt,
});

const csvCell = (v: string) => (/[",\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${v.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : v);

export async function pollAdminRoutes(app: FastifyInstance, deps: { polls: PollRepository; audit: AuditRepository }): Promise<void> {
  const { polls, audit } = deps;
  const find = async (accountId: string, pollId: number) => {
    const poll = await polls.get(accountId, pollId);
    if (!poll) throw notFound('poll');
    return poll;
  };

  app.post<{ Body: PollBody }>('/polls', { schema: { tags, summary: '创建投票', body: pollBody, response: { 201: r.pollSchema } } }, async (request, reply) => {
    const b = request.body;
    const startsAt = b.startsAt ? new Date(b.startsAt) : null;
    const endsAt = b.endsAt ? new Date(b.endsAt) : null;
    if (startsAt && endsAt && endsAt <= startsAt) throw badRequest('endsAt', 'endsAt must be after startsAt');
    const poll = await polls.create(request.accountId, { ...b, startsAt, endsAt }, request.operator.name);
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'create', resource: 'poll', resourceId: poll.id, detail: b });
    return reply.code(201).send(view(poll, new Date()));
  });

  app.get('/polls', { schema: { tags, summary: '列出投票', response: { 200: r.pollListSchema } } }, async (request) => {
    const now = new Date();
    return { items: (await polls.list(request.accountId)).map((p) => ({ ...view(p, now), voters: p.voters })) };
  });

  app.get<{ Params: { id: number } }>('/polls/:id', { schema: { tags, summary: '查看投票', params: idParams, response: { 200: r.pollSchema } } }, async (request) => view(await find(request.accountId, request.params.id), new Date()));

  app.get<{ Params: { id: number } }>('/polls/:id/results', { schema: { tags, summary: '查看投票结果', params: idParams, response: { 200: r.pollResultsSchema } } }, async (request) =>
    polls.results(await find(request.accountId, request.params.id)),
  );

  /** Every vote as a CSV row (time, channel, choices), then the totals; never who voted. */
  app.get<{ Params: { id: number } }>('/polls/:id/export', { schema: { tags, summary: '导出投票明细（CSV）', params: idParams, response: { 200: r.pollCsvSchema } } }, async (request, reply) => {
    const poll = await find(request.accountId, request.params.id);
    const results = await polls.results(poll);
    const rows = (await polls.votes(poll.id)).map((v) => [v.at.toISOString(), v.channel, v.choices.map((c) => poll.options[c - 1] ?? String(c)).join('、')]);
    const lines = [['投票时间', '渠道', '选择'], ...rows, [], ['选项', '票数'], ...results.options.map((o) => [o.text, String(o.count)]), ['参与人数', String(results.voters)]];
    await audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'export', resource: 'poll', resourceId: poll.id });
    reply.header('content-disposition', `attachment; filename="poll-${poll.id}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(`\ufeff${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`);
  });
}
