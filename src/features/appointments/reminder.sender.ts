import type { Logger } from 'pino';
import { maskOpenId } from '../../lib/mask.js';
import type { Account } from '../../wechat/account.js';
import type { WechatApi } from '../../wechat/outbound.js';
import { cstTime, dayLabel, reminderText } from './appointments.messages.js';
import { cstDate } from '../../calendar/dates.js';
import type { ClaimedReminder, ReminderRepository } from './reminders.repository.js';

export interface ReminderSenderDeps {
  reminders: ReminderRepository;
  account(id: string): Promise<Account | undefined>;
  wechatFor(account: Account): WechatApi;
  log: Logger;
  now?: () => Date;
}

/** Template fields have length limits (about 200 characters per value). */
const clip = (value: string, max = 180) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

function titleOf(r: ClaimedReminder): string {
  const resource = r.service.resources?.find((x) => x.code === r.booking.resourceCode);
  return resource ? `${r.serviceName}·${resource.name}` : r.serviceName;
}

/**
 * The 预约提醒 template uses the classic fields first / keyword1..4 / remark
 * (服务项目, 预约时间, 地点, 预约号), the layout of the industry templates in the
 * MP console's template library.
 */
export function templateData(r: ClaimedReminder, whatToBring: string): Record<string, { value: string }> {
  const b = r.booking;
  return {
    first: { value: '您好，您的预约即将开始，请按时到场。' },
    keyword1: { value: clip(titleOf(r)) },
    keyword2: { value: `${dayLabel(cstDate(b.slotStart))} ${cstTime(b.slotStart)}-${cstTime(b.slotEnd)}` },
    keyword3: { value: clip(r.service.location ?? '') },
    keyword4: { value: b.bookingNo },
    remark: { value: clip(`${whatToBring ? `请携带：${whatToBring}。` : ''}如需取消，请回复“取消预约 ${b.bookingNo}”。`) },
  };
}

/**
 * Sends one due reminder: a template message when the service or the account has a
 * template, otherwise a text customer-service message (which WeChat only delivers
 * within 48 hours of the citizen's last message). The client_msg_id makes a retried
 * send a no-op on WeChat's side.
 */
export function createReminderSender(deps: ReminderSenderDeps) {
  return async (reminderId: number, attempt: { retryCount: number; retryLimit: number }): Promise<void> => {
    const claimed = await deps.reminders.claim(reminderId, deps.now?.() ?? new Date());
    if (!claimed) return;
    const { booking } = claimed;
    const log = { reminder: reminderId, booking: booking.id, account: booking.accountId, openId: maskOpenId(booking.openId) };
    const account = await deps.account(booking.accountId);
    if (!account) {
      await deps.reminders.markFailed(reminderId, 'account not found', true);
      return;
    }
    const resource = claimed.service.resources?.find((x) => x.code === booking.resourceCode);
    const whatToBring = resource?.whatToBring ?? claimed.service.whatToBring ?? '';
    const templateId = claimed.service.reminderTemplateId || claimed.accountTemplateId;
    const api = deps.wechatFor(account);
    try {
      if (templateId) {
        await api.sendTemplate({ openId: booking.openId, templateId, data: templateData(claimed, whatToBring), clientMsgId: `appt-reminder-${reminderId}` });
      } else {
        await api.sendCustom(booking.openId, { type: 'text', content: reminderText(booking, titleOf(claimed), claimed.service.location, whatToBring) });
      }
      await deps.reminders.markSent(reminderId, templateId ? 'template' : 'text');
      deps.log.info({ ...log, channel: templateId ? 'template' : 'text', minutesBefore: claimed.minutesBefore }, 'appointment reminder sent');
    } catch (err) {
      const final = (err as { permanent?: boolean }).permanent === true || attempt.retryCount >= attempt.retryLimit;
      await deps.reminders.markFailed(reminderId, (err as Error).message, final);
      deps.log.warn({ ...log, err: (err as Error).message, final }, 'appointment reminder not delivered');
      if (!final) throw err;
    }
  };
}
