import type { Logger } from 'pino';
import { maskOpenId } from '../../lib/mask.js';
import type { ServiceWindow } from '../../session/service-window.js';
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
  /** Whether the citizen wrote within 48 hours; without it a configured template is used every time. */
  serviceWindow?: ServiceWindow;
}

/** Window closed (45015) or its quota used up (45047): the template message is the way left. */
const OUTSIDE_WINDOW = new Set([45015, 45047]);

/** Stored on the reminder (status failed) for operators: the notice could be sent neither way. */
export const UNDELIVERABLE = '未送达：已超出48小时客服消息窗口，且未配置预约提醒模板消息（请在“通知模板”中配置）';

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
 * Sends one due reminder: a customer-service text inside the 48-hour window, a template
 * message outside it (or when WeChat answers 45015/45047). Without the window to ask, a
 * configured template is used (it reaches the citizen either way) and otherwise the text
 * is tried. A reminder that can go neither way is marked failed with UNDELIVERABLE, for
 * operators to see, never dropped silently. The client_msg_id makes a retried template
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
    const inWindow = deps.serviceWindow ? await deps.serviceWindow.isOpen(booking.accountId, booking.openId) : !templateId;
    let channel: 'text' | 'template' | undefined;
    try {
      if (inWindow) {
        try {
          await api.sendCustom(booking.openId, { type: 'text', content: reminderText(booking, titleOf(claimed), claimed.service.location, whatToBring) });
          channel = 'text';
        } catch (err) {
          if (!OUTSIDE_WINDOW.has((err as { code?: number }).code ?? 0)) throw err;
          deps.log.info({ ...log, code: (err as { code?: number }).code }, 'reminder outside the customer-service window');
        }
      }
      if (!channel && templateId) {
        await api.sendTemplate({ openId: booking.openId, templateId, data: templateData(claimed, whatToBring), clientMsgId: `appt-reminder-${reminderId}` });
        channel = 'template';
      }
      if (!channel) {
        await deps.reminders.markFailed(reminderId, UNDELIVERABLE, true);
        deps.log.warn({ ...log, minutesBefore: claimed.minutesBefore }, 'appointment reminder undeliverable: outside the window and no template configured');
        return;
      }
      await deps.reminders.markSent(reminderId, channel);
      deps.log.info({ ...log, channel, minutesBefore: claimed.minutesBefore }, 'appointment reminder sent');
    } catch (err) {
      const final = (err as { permanent?: boolean }).permanent === true || attempt.retryCount >= attempt.retryLimit;
      await deps.reminders.markFailed(reminderId, (err as Error).message, final);
      deps.log.warn({ ...log, err: (err as Error).message, final }, 'appointment reminder not delivered');
      if (!final) throw err;
    }
  };
}
