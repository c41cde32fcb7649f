import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../audit/audit.repository.js';
import { notFound } from '../../lib/errors.js';
import type { PiiCipher } from '../../lib/pii.js';
import type { createTipTicketRepository } from './ticket-tips.repository.js';
import type { TicketService } from './tickets.service.js';
import { CATEGORIES, type Category } from './tickets.types.js';
import { tipTicketSchema } from './tickets.extra-responses.js';

const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
const params = { type: 'object', required: ['id', 'tipId'], properties: { id, tipId: id } } as const;
const body = {
  type: 'object',
  additionalProperties: false,
  nullable: true,
  properties: { category: { type: 'string', enum: CATEGORIES.filter((c) => c !== '应急'), default: '求助', description: '工单类别' } },
} as const;

interface Deps {
  tips: ReturnType<typeof createTipTicketRepository>;
  service: TicketService;
  pii: PiiCipher;
  audit: AuditRepository;
}

/**
 * A reviewed tip becomes a ticket, with the tipster as its citizen (they hear its progress)
 * and their contact if they left one. Filing twice returns the same ticket: the draft id
 * is the tip's.
 */
export async function tipTicketRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.post<{ Params: { id: number; tipId: number }; Body: { category?: Category } | null }>(
    '/tip-collections/:id/tips/:tipId/ticket',
    { schema: { tags: ['participation'], summary: '将线索转为工单', description: '首次立单 201，重复提交 200 并返回同一工单。', params, body, response: { 200: tipTicketSchema, 201: tipTicketSchema } } },
    async (request, reply) => {
      const tip = await deps.tips.get(request.accountId, request.params.id, request.params.tipId);
      if (!tip) throw notFound('tip');
      const contact = tip.contactEnc ? (JSON.parse(deps.pii.decrypt(tip.contactEnc)) as { name: string; phone: string }) : null;
      const photos = tip.photos.length ? `\n（线索附照片${tip.photos.length}张，见线索记录）` : '';
      const draft = {
        draftId: `tip-${tip.id}`,
        category: request.body?.category ?? '求助',
        parts: [`【线索征集：${tip.collectionTitle}】${tip.content}${photos}`],
        imageIds: [],
        voiceIds: [],
        location: tip.location ? { ...tip.location, source: 'message' as const } : null,
        contact,
        anonymous: false,
        seen: [],
      };
      const openId = tip.openIdEnc ? deps.pii.decrypt(tip.openIdEnc) : null;
      const { ticket, created } = await deps.service.file(request.accountId, openId, draft, null, new Date());
      await deps.tips.markFiled(request.accountId, tip.id, ticket.id, request.operator.name);
      await deps.audit.record({ accountId: request.accountId, actor: request.operator.name, action: 'tip-to-ticket', resource: 'tip', resourceId: tip.id, detail: { ticketId: ticket.id } });
      return reply.code(created ? 201 : 200).send({ ticketId: ticket.id, ticketNo: ticket.ticketNo, created });
    },
  );
}
