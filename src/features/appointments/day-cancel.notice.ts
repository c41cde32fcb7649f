import type { Logger } from 'pino';
import { cstDate } from '../../calendar/dates.js';
import { maskOpenId } from '../../lib/mask.js';
import type { ServiceWindow } from '../../session/service-window.js';
import type { Account } from '../../wechat/account.js';
import type { WechatApi } from '../../wechat/outbound.js';
import { cstTime, dayLabel, whenLabel } from './appointments.messages.js';
import type { ClaimedNotice, DayCancelRepository } from './day-cancel.repository.js';

export interface DayCancelNoticeDeps {
  notices: DayCancelRepository;
  account(id: string): Promise<Account | undefined>;
  wechatFor(account: Account): WechatApi;
  serviceWindow: ServiceWindow;
  log: Logger;
}

/** Window closed (45015) or its quota used up (45047): the template message is the way left. */
const OUTSIDE_WINDOW = new Set([45015, 45047]);

/** Stored on the notice for operators: it could be sent neither way. */
export const CHANGE_UNDELIVERABLE = '未送达：已超出48小时客服消息窗口，且未配置预约变更模板消息（请在“通知模板”中配置）';

/** What an operator reads when WeChat refused or did not answer. */
function refusal(err: unknown): string {
  const code = (err as { code?: number }).code;
  const what = code === 43004 ? '市民已取消关注' : code === -2 ? '微信接口无响应' : code !== undefined ? `微信返回错误 ${code}` : '发送出错';
  return `未送达：${what}（${(err as Error).message}）`;
}

const clip = (value: string, max = 180) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

function titleOf(n: ClaimedNotice): string {
  const resource = n.service.resources?.find((x) => x.code === n.booking.resourceCode);
  return resource ? `${n.serviceName}·${resource.name}` : n.serviceName;
}

export function cancelText(n: ClaimedNotice): string {
  const b = n.booking;
  return [
    `【预约取消】很抱歉，${dayLabel(n.day)}调整为节假日，您预约的${titleOf(n)}（${whenLabel(b.slotStart, b.slotEnd)}）已取消，名额已释放。`,
    `预约号：${b.bookingNo}`,
    ...(n.reason ? [`原因：${n.reason}`] : []),
    '如需办理，请回复“预约”重新选择时间。给您带来不便，敬请谅解。',
  ].join('\n');
}

/**
 * The 预约变更 template in the classic layout first / keyword1..4 / remark
 * (服务项目, 原预约时间, 变更内容, 预约号), as the 预约提醒 template.
 */
export function changeTemplateData(n: ClaimedNotice): Record<string, { value: string }> {
  const b = n.booking;
  return {
    first: { value: '您好，您的预约已取消。' },
    keyword1: { value: clip(titleOf(n)) },
    keyword2: { value: `${dayLabel(cstDate(b.slotStart))} ${cstTime(b.slotStart)}-${cstTime(b.slotEnd)}` },
    keyword3: { value: clip(`当天调整为节假日，预约已取消${n.reason ? `（${n.reason}）` : ''}`) },
    keyword4: { value: b.bookingNo },
    remark: { value: '如需办理，请回复“预约”重新选择时间。' },
  };
}

/**
 * Sends one claimed notice: a customer-service text inside the 48-hour window, the
 * account's 预约变更 template message outside it (or when WeChat answers 45015/45047).
 * A notice that goes neither way, or that WeChat refuses, is recorded as undelivered
 * with the reason. The client_msg_id makes a repeated template send a no-op at WeChat.
 */
export interface NoticeSent {
  notice: 'text' | 'template' | 'undelivered';
  /** Why it was not delivered. */
  reason: string | null;
}

export async function sendCancelNotice(deps: DayCancelNoticeDeps, n: ClaimedNotice, templateId: string | null): Promise<NoticeSent> {
  const { booking } = n;
  const log = { booking: booking.id, account: booking.accountId, openId: maskOpenId(booking.openId) };
  const undelivered = async (reason: string): Promise<NoticeSent> => {
    await deps.notices.markUndelivered(booking.id, reason);
    deps.log.warn({ ...log, reason }, 'appointment cancellation notice undelivered');
    return { notice: 'undelivered', reason };
  };
  const account = await deps.account(booking.accountId);
  if (!account) return undelivered('account not found');
  const api = deps.wechatFor(account);
  try {
    let channel: 'text' | 'template' | undefined;
    if (await deps.serviceWindow.isOpen(booking.accountId, booking.openId)) {
      try {
        await api.sendCustom(booking.openId, { type: 'text', content: cancelText(n) });
        channel = 'text';
      } catch (err) {
        if (!OUTSIDE_WINDOW.has((err as { code?: number }).code ?? 0)) throw err;
      }
    }
    if (!channel && templateId) {
      await api.sendTemplate({ openId: booking.openId, templateId, data: changeTemplateData(n), clientMsgId: `appt-cancel-${booking.id}` });
      channel = 'template';
    }
    if (!channel) return undelivered(CHANGE_UNDELIVERABLE);
    await deps.notices.markSent(booking.id, channel);
    deps.log.info({ ...log, channel }, 'appointment cancellation notice sent');
    return { notice: channel, reason: null };
  } catch (err) {
    return undelivered(refusal(err));
  }
}
