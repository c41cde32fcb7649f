import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../audit/audit.repository.js';
import { AppError, notFound } from '../lib/errors.js';
import { maskOpenId } from '../lib/mask.js';
import type { PiiCipher } from '../lib/pii.js';
import type { ServiceWindow } from '../session/service-window.js';
import type { Account } from '../wechat/account.js';
import type { WechatApi } from '../wechat/outbound.js';
import { WechatApiError } from '../wechat/outbound.js';
import { parseBound } from './bounds.js';
import type { LoggedMessage, MessageLogRepository } from './message-log.repository.js';
import { inboxResponses } from './inbox.responses.js';
import { citizenOf } from './message-log.writer.js';
import { isSimulated } from './message-view.js';

export interface InboxDeps {
  repo: MessageLogRepository;
  pii: PiiCipher;
  serviceWindow: ServiceWindow;
  wechatFor: (account: Account) => WechatApi;
  account: (id: string) => Promise<Account | undefined>;
  audit: AuditRepository;
}

export const WINDOW_CLOSED = '该市民最近 48 小时内没有发来消息，已超出微信客服消息的回复时限，无法直接回复；请通过模板消息或其他渠道联系。';

export const timeBoundSchema = { type: 'string', minLength: 10, maxLength: 35 } as const;

const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    attention: { type: 'boolean' },
    q: { type: 'string', minLength: 1, maxLength: 100 },
    from: timeBoundSchema,
    to: timeBoundSchema,
    citizen: { type: 'string', pattern: '^[0-9a-f]{32}$' },
    direction: { type: 'string', enum: ['in', 'out'] },
    includeTest: { type: 'boolean' },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    before: { type: 'integer', minimum: 1 },
  },
} as const;

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } } } as const;
const citizenParams = { type: 'object', required: ['citizen'], properties: { citizen: { type: 'string', pattern: '^[0-9a-f]{32}$' } } } as const;
const replyBody = { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 600, pattern: '\\S' } } } as const;

interface ListQuery {
  attention?: boolean;
  q?: string;
  from?: string;
  to?: string;
  citizen?: string;
  direction?: 'in' | 'out';
  includeTest?: boolean;
  limit: number;
  before?: number;
}

export const messageView = (m: LoggedMessage) => ({
  id: m.id,
  direction: m.direction,
  kind: m.kind,
  text: m.text,
  openId: m.openId,
  citizen: m.citizen,
  rule: m.rule,
  reply: m.reply,
  // A single text reply is stored only as its text (message-log.writer.ts).
  replies: m.replies ?? (m.direction === 'in' && m.reply !== null ? [{ type: 'text', content: m.reply }] : []),
  detail: m.detail,
  attention: m.attention,
  handled: m.handledHow ? { how: m.handledHow, by: m.handledBy, at: m.handledAt } : null,
  operator: m.operatorName ? { id: m.operatorId, name: m.operatorName } : null,
  test: m.test,
  createdAt: m.createdAt,
});

/** The inbox: what citizens sent and what answered, threads, replies within the 48-hour window. */
export async function inboxRoutes(app: FastifyInstance, deps: InboxDeps): Promise<void> {
  const tags = ['messages'];
  const { repo } = deps;

  app.get<{ Querystring: ListQuery }>('/messages', { schema: { tags, summary: '消息记录（可筛选待处理、市民、文字、日期）', querystring: listQuerySchema, response: inboxResponses.list } }, async (request) => {
    const q = request.query;
    const items = await repo.list({
      accountId: request.accountId,
      attention: q.attention,
      q: q.q,
      from: parseBound(q.from, 'from', 'start'),
      to: parseBound(q.to, 'to', 'end'),
      citizen: q.citizen,
      direction: q.direction,
      includeTest: q.includeTest,
      before: q.before,
      limit: q.limit + 1,
    });
    const page = items.slice(0, q.limit);
    return { items: page.map(messageView), nextBefore: items.length > q.limit ? page[page.length - 1]!.id : null };
  });

  app.get<{ Params: { citizen: string }; Querystring: { limit: number } }>(
    '/messages/threads/:citizen',
    {
      schema: {
        tags,
        summary: '一位市民的对话',
        params: citizenParams,
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 200 } } },
        response: inboxResponses.thread,
      },
    },
    async (request) => {
      const items = await repo.list({ accountId: request.accountId, citizen: request.params.citizen, includeTest: true, limit: request.query.limit });
      if (items.length === 0) throw notFound('citizen thread');
      const openId = deps.pii.decrypt(items[0]!.openIdEnc);
      const windowOpen = await deps.serviceWindow.isOpen(request.accountId, openId);
      return {
        citizen: request.params.citizen,
        openId: maskOpenId(openId),
        windowOpen,
        windowClosedReason: windowOpen ? null : WINDOW_CLOSED,
        items: items.reverse().map(messageView),
      };
    },
  );

  app.post<{ Params: { id: number }; Body: { text: string } }>(
    '/messages/:id/reply',
    { schema: { tags, summary: '以客服消息回复市民（48 小时内）', params: idParams, body: replyBody, response: inboxResponses.item } },
    async (request) => {
      const message = await repo.get(request.accountId, request.params.id);
      if (!message) throw notFound('message');
      const openId = deps.pii.decrypt(message.openIdEnc);
      if (!(await deps.serviceWindow.isOpen(request.accountId, openId))) throw new AppError(409, 'SERVICE_WINDOW_CLOSED', WINDOW_CLOSED);
      const account = await deps.account(request.accountId);
      if (!account) throw notFound(`account "${request.accountId}"`);
      const text = request.body.text.trim();
      // The simulator's citizens are not WeChat users: their replies are logged, never sent.
      if (!isSimulated(openId)) await send(deps.wechatFor(account), openId, text);
      const op = request.operator;
      const item = await repo.insertOne({
        accountId: request.accountId,
        citizen: citizenOf(deps.pii, request.accountId, openId),
        openIdEnc: message.openIdEnc,
        openIdMasked: message.openId,
        direction: 'out',
        kind: 'text',
        text,
        detail: { inReplyTo: message.id },
        replies: null,
        replyText: null,
        rule: 'operator',
        attention: false,
        operatorId: op.id ?? null,
        operatorName: op.name,
        test: message.test,
        createdAt: new Date(),
      });
      await repo.markHandled(request.accountId, message.id, 'replied', op.name);
      await deps.audit.record({ accountId: request.accountId, actor: op.name, action: 'reply', resource: 'message', resourceId: message.id, detail: { outbound: item.id } });
      return { item: messageView(item) };
    },
  );

  app.post<{ Params: { id: number } }>('/messages/:id/dismiss', { schema: { tags, summary: '标记为无需处理', params: idParams, response: inboxResponses.item } }, async (request) => {
    const item = await repo.markHandled(request.accountId, request.params.id, 'dismissed', request.operator.name);
    if (!item) throw notFound('message');
    await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'dismiss', resource: 'message', resourceId: item.id });
    return { item: messageView(item) };
  });
}

async function send(api: WechatApi, openId: string, text: string): Promise<void> {
  try {
    await api.sendCustom(openId, { type: 'text', content: text });
  } catch (err) {
    // 45015: the citizen's last message is older than 48 hours (WeChat's own clock decides).
    if (err instanceof WechatApiError && (err.code === 45015 || err.code === 45047)) throw new AppError(409, 'SERVICE_WINDOW_CLOSED', WINDOW_CLOSED);
    const code = err instanceof WechatApiError ? `（错误码 ${err.code}）` : '';
    throw new AppError(502, 'WECHAT_ERROR', `微信未能发送这条客服消息${code}，请稍后重试`);
  }
}
