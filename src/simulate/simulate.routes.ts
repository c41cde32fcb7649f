import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { MessageLogRepository } from '../inbox/message-log.repository.js';
import { SIMULATOR_PREFIX } from '../inbox/message-view.js';
import type { KeyValueStore } from '../infra/kv/port.js';
import { badRequest, notFound } from '../lib/errors.js';
import type { PiiCipher } from '../lib/pii.js';
import { arrOf, int, obj, str } from '../lib/responses.js';
import type { Account } from '../wechat/account.js';
import type { DeliveryWork } from '../wechat/delivery.js';
import type { InboundMessage } from '../wechat/types.js';
import type { createSimulateRepository } from './simulate.repository.js';

export interface SimulateDeps {
  kv: KeyValueStore;
  pii: PiiCipher;
  audit: AuditRepository;
  messages: MessageLogRepository;
  repo: ReturnType<typeof createSimulateRepository>;
  account: (id: string) => Promise<Account | undefined>;
  /** The real dispatcher's work for one message. */
  prepare: (account: Account, message: InboundMessage, log: FastifyBaseLogger) => DeliveryWork;
  /** The rule that answered a message the dispatcher just handled (from its onHandled hook). */
  ruleOf: (message: InboundMessage) => string | undefined;
  /** Ends a simulator citizen's conversation. */
  forget: (accountId: string, openId: string) => Promise<void>;
  /** Writes the buffered message log, so every simulator citizen is found. */
  flushLog: () => Promise<void>;
}

interface SimulateBody {
  text?: string;
  voice?: string;
  event?: 'click' | 'subscribe';
  key?: string;
  location?: { lat: number; lng: number; label?: string };
  openId?: string;
}

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    text: { type: 'string', minLength: 1, maxLength: 2000 },
    voice: { type: 'string', minLength: 1, maxLength: 2000 },
    event: { type: 'string', enum: ['click', 'subscribe'] },
    key: { type: 'string', minLength: 1, maxLength: 128 },
    location: {
      type: 'object',
      required: ['lat', 'lng'],
      additionalProperties: false,
      properties: { lat: { type: 'number', minimum: -90, maximum: 90 }, lng: { type: 'number', minimum: -180, maximum: 180 }, label: { type: 'string', maxLength: 200 } },
    },
    openId: { type: 'string', pattern: `^${SIMULATOR_PREFIX}[A-Za-z0-9_-]{1,40}$` },
  },
} as const;

/** Owner hash of a ticket, as the tickets feature computes it (tickets.service.ts). */
const ticketOwner = (pii: PiiCipher, accountId: string, openId: string) => pii.hash('ticket-owner', `${accountId}:${openId}`);

let counter = 0;

function toMessage(body: SimulateBody, openId: string): InboundMessage {
  const createTime = Math.floor(Date.now() / 1000);
  const msgId = `sim${Date.now()}${(counter = (counter + 1) % 1000)}`;
  const base = { openId, accountUser: 'gh_simulator', createTime };
  const given = [body.text, body.voice, body.event, body.location].filter((v) => v !== undefined).length;
  if (given !== 1) throw badRequest('text', '请只提供 text、voice、event 或 location 其中之一');
  if (body.text !== undefined) return { ...base, kind: 'text', text: body.text, msgId };
  if (body.voice !== undefined) return { ...base, kind: 'voice', mediaId: 'simulated', format: 'amr', recognition: body.voice, msgId };
  if (body.location) return { ...base, kind: 'location', lat: body.location.lat, lng: body.location.lng, scale: 15, label: body.location.label ?? '', msgId };
  if (body.event === 'click') {
    if (!body.key) throw badRequest('key', '点击菜单需要提供菜单的 key');
    return { ...base, kind: 'event', event: 'click', key: body.key };
  }
  return { ...base, kind: 'event', event: 'subscribe' };
}

const simulateResponse = {
  200: obj(
    { replies: arrOf(obj({ type: str }, '回复（文字、图文、图片等）')), rule: { ...str, description: '命中的规则；none 表示没有' }, openId: str },
    '模拟市民收到的回复',
  ),
};
const deletedResponse = { 200: obj({ deleted: obj({ messages: int, tickets: int, bookings: int }, '删除的条数') }) };

/** 试一试: runs the real dispatcher for a simulator citizen; never calls WeChat. */
export async function simulateRoutes(app: FastifyInstance, deps: SimulateDeps): Promise<void> {
  const tags = ['simulate'];
  app.post<{ Body: SimulateBody }>('/simulate', { schema: { tags, summary: '模拟市民发消息，返回回复和命中的规则', body: bodySchema, response: simulateResponse } }, async (request) => {
    const account = await deps.account(request.accountId);
    if (!account) throw notFound(`account "${request.accountId}"`);
    const op = request.operator;
    const openId = request.body.openId ?? `${SIMULATOR_PREFIX}${op.id !== undefined ? `op${op.id}` : 'admin'}`;
    const message = toMessage(request.body, openId);
    const work = deps.prepare(account, message, request.log);
    // A unique delivery key per simulated message: effects keyed on it stay once-only as for real deliveries.
    const replies = await work.run({ ok: true, value: await deps.kv.get(work.preload) }, `simulate:${account.id}:${openId}:${'msgId' in message ? message.msgId : Date.now()}:${counter}`);
    return { replies, rule: deps.ruleOf(message) ?? 'none', openId };
  });

  app.delete('/simulate/data', { schema: { tags, summary: '删除模拟器产生的测试数据', response: deletedResponse } }, async (request) => {
    const accountId = request.accountId;
    await deps.flushLog();
    const openIds = (await deps.repo.simulatedOpenIds(accountId)).map((enc) => deps.pii.decrypt(enc));
    const tickets = await deps.repo.deleteTickets(accountId, openIds.map((id) => ticketOwner(deps.pii, accountId, id)));
    const bookings = await deps.repo.deleteBookings(accountId);
    const messages = await deps.messages.deleteTest(accountId);
    for (const openId of openIds) await deps.forget(accountId, openId);
    const deleted = { messages, tickets, bookings };
    await deps.audit.record({ accountId, actor: request.operator.name, action: 'delete-test-data', resource: 'simulate', detail: deleted });
    return { deleted };
  });
}
