import type { AlertOutcome } from './tickets.alert.js';
import { RATING_LABELS, STATUS_LABELS, type Category, type Ticket, type TicketEvent } from './tickets.types.js';

/** What citizens read: short, plain Simplified Chinese, "回复数字" for the elderly. */

export const MAX_IMAGES = 9;

const HINTS: Record<Category, string> = {
  咨询: '请用文字或语音说明您要咨询的问题',
  求助: '请用文字或语音说明您遇到的困难和需要的帮助',
  投诉: '请用文字或语音描述您要投诉的问题（时间、地点、经过）',
  建议: '请用文字或语音写下您的意见建议',
  举报: '请用文字或语音描述举报的事项（时间、地点、经过）。举报人信息严格保密',
  应急: '如遇危及人身安全的紧急情况，请立即拨打110、119或120。\n请用文字或语音描述紧急情况及所在位置',
};

const EMERGENCY_NUMBERS = '请立即拨打110（报警）、119（火警、救援）、120（急救）或122（交通事故）';

/** What the citizen is told about the duty desk: only what actually happened. */
const ALERT_TEXTS: Record<AlertOutcome | 'pending', string> = {
  sent: '已通知值班人员紧急处理。情况危急请同时拨打110、119或120。',
  pending: `正在通知值班人员，尚未确认送达。情况危急${EMERGENCY_NUMBERS}，不要等待回复。`,
  skipped: `注意：本平台未能即时通知值班人员，工单将由工作人员尽快处理。情况危急${EMERGENCY_NUMBERS}。`,
  failed: `注意：通知值班人员失败，工单将由工作人员尽快处理。情况危急${EMERGENCY_NUMBERS}。`,
};

export const texts = {
  start: (category: Category) =>
    `【我要${category}】${HINTS[category]}，可发送照片（最多${MAX_IMAGES}张）和位置。\n说完后请回复“完成”；回复“退出”放弃。`,
  startWith: (category: Category, text: string) =>
    `【我要${category}】已记下：“${text}”。\n可继续补充${category === '应急' ? '所在位置和现场情况' : '详细情况（时间、地点、经过）'}，可发送照片和位置。\n说完后请回复“完成”；回复“退出”放弃。`,
  recorded: (parts: number, images: number) => `已记录（文字${parts}段，照片${images}张）。可继续补充，说完请回复“完成”。`,
  imageSaved: (n: number) => `已收到第${n}张照片。可继续补充，说完请回复“完成”。`,
  imageTooLarge: '照片超过2MB，未能保存，请压缩后重新发送。其余内容已保留。',
  imageFailed: '照片接收失败，请稍后重新发送。其余内容已保留。',
  tooManyImages: `最多可附${MAX_IMAGES}张照片，本张未保存。说完请回复“完成”。`,
  voiceSaved: '已收到语音。可继续补充，说完请回复“完成”。',
  locationSaved: (label: string) => `已记录位置：${label}。说完请回复“完成”。`,
  unsupported: '暂不支持这类消息，请发送文字、语音、照片或位置。说完请回复“完成”。',
  needDescription: '请先用文字或语音描述您的诉求，再回复“完成”。',
  contact: (category: Category) =>
    `是否留下联系方式，方便工作人员与您联系？\n· 回复“姓名 手机号”，如：张三 13800001234\n· 回复“1”不留联系方式\n· 回复“2”匿名提交（凭工单号和查询码查进度）\n${category === '举报' ? '举报人信息严格保密。\n' : ''}回复“0”返回修改内容。`,
  badContact: '没看懂您的联系方式。请按“姓名 手机号”回复（如：张三 13800001234），或回复“1”不留、“2”匿名提交、“0”返回。',
  badPhone: '手机号应为11位数字，请重新回复“姓名 手机号”，或回复“1”不留联系方式。',
  confirmAgain: '请回复“1”确认提交，“0”返回修改，或“退出”放弃。',
  left: '已退出，本次诉求未提交。需要时请回复“我要咨询”“我要投诉”等重新开始。',
  expired: '您的诉求填写已超时，内容未提交。请回复“我要咨询”“我要投诉”等重新开始。',
  confirm: (summary: string) => `请确认您的诉求：\n${summary}\n\n回复“1”确认提交，“0”返回修改，“退出”放弃。`,
  filed: (ticket: Ticket, queryCode: string | undefined, days: number, alert?: AlertOutcome | 'pending') =>
    [
      '提交成功！',
      `工单号：${ticket.ticketNo}`,
      ...(queryCode ? [`查询码：${queryCode}（请妥善保存，查询进度时需要）`] : []),
      ticket.category === '应急' ? ALERT_TEXTS[alert ?? 'skipped'] : `我们将在${days}个工作日内（${ticket.dueDate}前）答复您。`,
      `查进度请回复“进度 ${ticket.ticketNo}${queryCode ? ' 查询码' : ''}”。`,
    ].join('\n'),
  alreadyFiled: (ticket: Ticket) => `该诉求已提交，工单号：${ticket.ticketNo}。查进度请回复“进度 ${ticket.ticketNo}”。`,
  progressUsage: '请回复“进度 工单号”查询，如：进度 26070800012。匿名工单请在后面加查询码。\n回复“我的工单”查看您提交过的诉求。',
  progressNotFound: '未找到该工单，请核对工单号（匿名工单需同时提供查询码）。',
  progressLimited: '查询次数过多，请1小时后再试，或拨打12345政务服务便民热线。',
  mineEmpty: '您还没有提交过诉求（匿名工单请凭工单号和查询码查询）。回复“我要咨询”“我要投诉”可提交诉求。',
  ratingAsk: `请对办理结果评价，回复数字：\n${[5, 4, 3, 2, 1].map((n) => `${n} ${RATING_LABELS[n]}`).join('\n')}`,
  ratingLater: '如需评价，请回复“评价”。',
  ratingThanks: '感谢您的评价！',
  ratingLow: '感谢您的反馈，我们将重新办理您的诉求，并尽快与您联系。',
  nothingToRate: '您目前没有待评价的工单。',
  ratingLeft: '已取消评价。需要时请回复“评价”。',
  infoAsk: (ticket: Ticket, question: string, live: boolean) =>
    `关于您的工单${ticket.ticketNo}，工作人员需要您补充：${question}\n${live ? '请直接回复补充内容（文字、语音、照片或位置）。' : '请先回复“补充”，再发送补充内容。'}`,
  infoThanks: '已收到您的补充信息，已转交工作人员。',
  infoNothing: '您目前没有需要补充信息的工单。',
  infoStart: (ticket: Ticket) => `请发送工单${ticket.ticketNo}的补充内容（文字、语音、照片或位置）。回复“退出”取消。`,
  infoLeft: '已取消补充。需要时请回复“补充”。',
  infoConfirm: (ticket: Ticket, text: string) =>
    `这是对工单${ticket.ticketNo}的补充吗？\n“${text.length > 60 ? `${text.slice(0, 60)}…` : text}”\n回复“1”确认补充，回复“2”按新问题处理。`,
  infoConfirmAgain: '请回复“1”确认补充，回复“2”按新问题处理，或回复“退出”取消补充。',
  infoUnsupported: '暂不支持这类消息，请发送文字、语音、照片或位置作为补充；回复“退出”取消补充。',
};

const when = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');

/** One line per public event; never the actor, never internal detail. */
export function publicLine(event: TicketEvent, ticketNoOf: (id: number) => string | undefined): string | undefined {
  const d = event.detail;
  const label: Record<string, string | undefined> = {
    filed: '诉求已受理',
    assign: `已转交${typeof d.department === 'string' ? d.department : '承办单位'}办理`,
    request_info: '工作人员请您补充信息',
    info_received: '您已补充信息',
    reply: '工作人员已答复',
    close: '已办结',
    reopen: '重新办理',
    rated: '您已评价',
    merge: `已与工单${ticketNoOf(Number(d.into)) ?? ''}合并办理`,
    extend: `答复期限延长至${typeof d.dueDate === 'string' ? d.dueDate : ''}`,
    reject: `不予受理：${typeof d.reason === 'string' ? d.reason : ''}`,
  };
  const text = label[event.action];
  return text && `${when(event.createdAt)} ${text}`;
}

export function progressText(ticket: Ticket, events: TicketEvent[], mergedNo: string | undefined): string {
  const lines = events.map((e) => publicLine(e, () => mergedNo)).filter((l): l is string => Boolean(l));
  const lastReply = [...events].reverse().find((e) => e.action === 'reply');
  return [
    `工单号：${ticket.ticketNo}（${ticket.category}）`,
    `状态：${STATUS_LABELS[ticket.status].public}`,
    ...(ticket.status === 'closed' || ticket.status === 'merged' || ticket.status === 'rejected' ? [] : [`答复期限：${ticket.dueDate}`]),
    '办理进程：',
    ...lines.slice(-8),
    ...(lastReply ? [`最新答复：${String(lastReply.detail.content ?? '')}`] : []),
  ].join('\n');
}

export function statusNotice(ticket: Ticket, body: string): string {
  return `【工单进度】工单号：${ticket.ticketNo}\n状态：${STATUS_LABELS[ticket.status].public}\n${body}\n查进度请回复“进度 ${ticket.ticketNo}”。`;
}

/** Cuts text to `max` UTF-8 bytes (a customer-service text is at most 2048), ending with `suffix` when cut. */
export function fitBytes(text: string, max: number, suffix: string): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = Buffer.byteLength(suffix);
  for (const ch of text) {
    bytes += Buffer.byteLength(ch);
    if (bytes > max) break;
    out += ch;
  }
  return out + suffix;
}
