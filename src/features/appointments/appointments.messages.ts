/** What citizens read: short, numbered, in plain Chinese. Every choice line starts with its number. */
import { cstDate, weekdayName } from '../../calendar/dates.js';
import { maskIdNumber, maskName, maskPhone } from '../../lib/mask.js';
import type { AppointmentService, BookingRecord, Person } from './appointments.types.js';

export const FOOTER = '回复0返回上一步，回复“退出”结束预约。';
export const EXIT_DONE = '已退出预约，您填写的信息未保存。如需预约，请回复“预约”。';
export const EXPIRED = '您的预约操作超过10分钟未回复，已自动结束，填写的信息未保存。如需继续，请回复“预约”重新开始。';
export const NO_SERVICES = '目前暂未开放在线预约，请拨打12345政务服务便民热线咨询。';
export const VOICE_UNCLEAR = '抱歉，没有听清您的语音，请再说一遍，或直接输入文字。';
export const DRAFT_DROPPED = '已取消本次预约，您填写的信息未保存。如需重新预约，请回复“预约”。';

const CST_MS = 8 * 3600_000;
/** HH:MM of an instant, Beijing time. */
export const cstTime = (instant: Date) => new Date(instant.getTime() + CST_MS).toISOString().slice(11, 16);
export const dayLabel = (date: string) => `${date} ${weekdayName(date)}`;
export const whenLabel = (start: Date, end: Date) => `${dayLabel(cstDate(start))} ${cstTime(start)}-${cstTime(end)}`;
/** Instant as "YYYY-MM-DD HH:MM", Beijing time. */
export const cstDateTime = (instant: Date) => `${cstDate(instant)} ${cstTime(instant)}`;

export const numbered = (lines: string[]) => lines.map((line, i) => `${i + 1}. ${line}`).join('\n');
export const withNotice = (notice: string | undefined, body: string) => (notice ? `${notice}\n\n${body}` : body);

export function serviceList(services: AppointmentService[]): string {
  const lines = [...services.map((s) => s.name), '我的预约（查看或取消）'];
  return `请选择预约服务（回复数字）：\n${numbered(lines)}\n回复“退出”结束预约。`;
}

export function resourceList(service: AppointmentService): string {
  const lines = (service.resources ?? []).map((r) => r.name);
  return `${service.name}\n请选择科室或医生（回复数字）：\n${numbered(lines)}\n${FOOTER}`;
}

export function dateList(title: string, dates: Array<{ date: string; free: number }>): string {
  return `${title}\n请选择日期（回复数字）：\n${numbered(dates.map((d) => `${dayLabel(d.date)}（余${d.free}个）`))}\n${FOOTER}`;
}

export function slotList(title: string, date: string, slots: Array<{ start: string; end: string; free: number }>): string {
  return `${title}\n${dayLabel(date)} 可预约时段（回复数字）：\n${numbered(slots.map((s) => `${s.start}-${s.end}（余${s.free}个）`))}\n${FOOTER}`;
}

export const askName = (when: string) => `您选择了 ${when}。\n请输入预约人姓名（与证件一致）：\n${FOOTER}`;
export const askPhone = () => `请输入预约人的手机号（11位）：\n${FOOTER}`;
export const askIdNumber = () => `请输入预约人的居民身份证号（18位）：\n${FOOTER}`;

export function confirmation(title: string, when: string, location: string | undefined, person: Person, lateNotice?: string): string {
  const lines = [
    '请核对预约信息：',
    `服务：${title}`,
    `时间：${when}`,
    ...(location ? [`地点：${location}`] : []),
    `姓名：${maskName(person.name)}`,
    `手机：${maskPhone(person.phone)}`,
    ...(person.idNumber ? [`证件：${maskIdNumber(person.idNumber)}`] : []),
    ...(lateNotice ? [lateNotice] : []),
    numbered(['确认预约', '取消']),
    '回复0返回上一步。',
  ];
  return lines.join('\n');
}

/** Whether a slot can still be cancelled online at `now`. */
export const cancellable = (slotStart: Date, deadlineMinutes: number, now: Date) => slotStart.getTime() - deadlineMinutes * 60_000 > now.getTime();

export function booked(booking: BookingRecord, title: string, location: string | undefined, whatToBring: string, cancelDeadlineMinutes: number, now: Date): string {
  const cancelHint = cancellable(booking.slotStart, cancelDeadlineMinutes, now)
    ? `请按时到场签到。如需取消，请在开始前${minutesLabel(cancelDeadlineMinutes)}回复“取消预约 ${booking.bookingNo}”，或回复“我的预约”。`
    : `请按时到场签到。该时段已过在线取消时限（开始前${minutesLabel(cancelDeadlineMinutes)}），如无法到场请联系服务窗口。`;
  return [
    '预约成功！',
    `预约号：${booking.bookingNo}`,
    `服务：${title}`,
    `时间：${whenLabel(booking.slotStart, booking.slotEnd)}`,
    ...(location ? [`地点：${location}`] : []),
    ...(whatToBring ? [`请携带：${whatToBring}`] : []),
    cancelHint,
  ].join('\n');
}

export function minutesLabel(minutes: number): string {
  if (minutes % 1440 === 0 && minutes > 0) return `${minutes / 1440}天`;
  if (minutes % 60 === 0 && minutes > 0) return `${minutes / 60}小时`;
  return `${minutes}分钟`;
}

export function slotJustFilled(start: string, end: string, alternatives: Array<{ date: string; start: string; end: string; free: number }>): string {
  const head = `很抱歉，您选择的时段 ${start}-${end} 刚刚约满了。`;
  if (alternatives.length === 0) return `${head}\n近期已没有可预约的时段，请改日再试。回复“退出”结束。`;
  const lines = alternatives.map((s) => `${dayLabel(s.date)} ${s.start}-${s.end}（余${s.free}个）`);
  return `${head}\n最近的可预约时段（回复数字改约，已填写的信息保留）：\n${numbered(lines)}\n${FOOTER}`;
}

export const banned = (until: Date, noShows: number, windowDays: number) =>
  `您在近${windowDays}天内有${noShows}次预约未按时到场（爽约），按本服务规定，${cstDateTime(until)}前暂停预约。如有疑问，请拨打12345政务服务便民热线。`;

export const limitReached = (limit: number, date: string) =>
  `该证件（或手机号）在${dayLabel(date)}已有本项预约，每人每天限约${limit}次。如需改时间，请先回复“我的预约”取消原预约。`;

export function myBookings(items: Array<{ booking: BookingRecord; title: string }>): string {
  if (items.length === 0) return '您目前没有待办理的预约。如需预约，请回复“预约”。';
  const lines = items.map(({ booking, title }) => `${whenLabel(booking.slotStart, booking.slotEnd)} ${title}（预约号${booking.bookingNo}）`);
  return `您的预约（回复序号可取消该预约）：\n${numbered(lines)}\n回复“退出”结束。`;
}

export function cancelPrompt(booking: BookingRecord, title: string): string {
  return `确认取消以下预约吗？\n预约号：${booking.bookingNo}\n服务：${title}\n时间：${whenLabel(booking.slotStart, booking.slotEnd)}\n${numbered(['确认取消', '保留预约'])}`;
}

export const alreadyBooked = (no: string) => `您的预约已成功，预约号：${no}，无需重复确认。回复“我的预约”可查看或取消。`;
export const cancelled = (booking: BookingRecord) => `已取消预约（预约号${booking.bookingNo}），名额已释放。如需重新预约，请回复“预约”。`;
export const kept = (booking: BookingRecord) => `已为您保留预约（预约号${booking.bookingNo}），请按时到场。`;
export const tooLateToCancel = (booking: BookingRecord, deadlineMinutes: number) =>
  `预约号${booking.bookingNo}已超过取消时限（需在开始前${minutesLabel(deadlineMinutes)}取消），无法在线取消。如确实无法到场，请拨打服务窗口电话说明。`;
export const notCancellable = (booking: BookingRecord) =>
  `预约号${booking.bookingNo}当前状态为“${STATUS_LABEL[booking.status]}”，无需取消。`;
export const bookingNotFound = (no: string) => `没有找到您名下预约号为${no}的预约，请回复“我的预约”查看。`;

export const STATUS_LABEL: Record<BookingRecord['status'], string> = {
  booked: '已预约',
  cancelled: '已取消',
  checked_in: '已签到',
  no_show: '爽约',
};

/** The reminder, as a text message (when no template is configured). */
export function reminderText(booking: BookingRecord, title: string, location: string | undefined, whatToBring: string): string {
  return [
    `【预约提醒】您预约的${title}将于${whenLabel(booking.slotStart, booking.slotEnd)}开始。`,
    `预约号：${booking.bookingNo}`,
    ...(location ? [`地点：${location}`] : []),
    ...(whatToBring ? [`请携带：${whatToBring}`] : []),
    `如需取消，请回复“取消预约 ${booking.bookingNo}”。`,
  ].join('\n');
}
