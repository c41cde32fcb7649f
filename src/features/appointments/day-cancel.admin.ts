import type { FastifyInstance } from 'fastify';
import { isIsoDate } from '../../calendar/dates.js';
import { badRequest } from '../../lib/errors.js';
import type { FeatureContext } from '../feature.js';
import { cancelDayBodySchema, cancelDayResponseSchema } from './appointments.schemas.js';
import { bookingScopeOf } from './booking-scope.js';
import type { BookingStatusRepository } from './booking-status.repository.js';
import { createDayCancelRepository } from './day-cancel.repository.js';
import { cancelDay } from './day-cancel.service.js';
import type { ReminderQueue } from './reminder-queue.js';
import type { ReminderRepository } from './reminders.repository.js';
import type { ServiceRepository } from './services.repository.js';

interface Deps {
  services: ServiceRepository;
  status: BookingStatusRepository;
  reminders: ReminderRepository;
  queue: ReminderQueue;
}

interface Body {
  date: string;
  reason: string;
  notify?: boolean;
}

/** A day turned into a holiday: its bookings cancelled and their citizens told, once. */
export async function dayCancelRoutes(app: FastifyInstance, ctx: FeatureContext, deps: Deps): Promise<void> {
  const notices = createDayCancelRepository(ctx.db);
  const serviceDeps = { ...deps, notices, account: (id: string) => ctx.account(id), wechatFor: ctx.wechatFor, serviceWindow: ctx.serviceWindow, log: ctx.log };

  app.post<{ Body: Body }>(
    '/appointments/cancel-day',
    {
      schema: {
        tags: ['appointments'],
        summary: '取消某日全部预约并通知市民（该日设为节假日后）',
        description:
          '取消该日尚未开始的全部“已预约”预约（释放名额、取消提醒）。notify 为 true 时通知每位市民：48小时客服消息窗口内发客服消息，否则发“预约变更”模板消息（通知模板中配置）；两者都不能发送的记为未送达。重复调用不会再次取消或通知。处理人员只处理本部门事项的预约。',
        body: cancelDayBodySchema,
        response: { 200: cancelDayResponseSchema },
      },
    },
    async (request) => {
      const { date, notify = true } = request.body;
      const reason = request.body.reason.trim();
      if (!isIsoDate(date)) throw badRequest('date', 'date 须为 YYYY-MM-DD 格式的日期');
      const result = await cancelDay(serviceDeps, { accountId: request.accountId, date, reason, notify, scope: bookingScopeOf(request.operator), now: new Date() });
      await ctx.audit.record({
        accountId: request.accountId,
        actor: request.operator.name,
        action: 'cancel-day',
        resource: 'appointment',
        resourceId: date,
        detail: {
          reason,
          notify,
          cancelled: result.cancelled,
          notified: result.notified,
          undelivered: result.undelivered,
          bookingNos: result.items.filter((i) => i.cancelled).map((i) => i.bookingNo),
        },
      });
      return result;
    },
  );
}
