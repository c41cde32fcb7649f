import { child, count, decimal, type Fields, isRecord, nonEmpty, required, str } from './inbound-fields.js';
import type { EventName, InboundEvent, ScanEvent, SubscribeEvent, UnknownEvent, ViewEvent } from './types.js';

/**
 * MsgType=event pushes (wechat-protocol.md §4; official 接收事件推送 and 自定义菜单事件推送
 * pages). Samples for each are in the conformance corpus, inbound/events/.
 */

type Base = { openId: string; accountUser: string; createTime: number };

/** subscribe via a parametric QR code: EventKey = "qrscene_" + scene value. */
const QR_PREFIX = 'qrscene_';

/** Event names arrive as SCAN, LOCATION, CLICK, VIEW … or lowercase; compared case-insensitively. */
const EVENTS = new Map<string, EventName>([
  ['subscribe', 'subscribe'],
  ['unsubscribe', 'unsubscribe'],
  ['scan', 'scan'],
  ['location', 'location_report'],
  ['click', 'click'],
  ['view', 'view'],
  ['view_miniprogram', 'view_miniprogram'],
  ['scancode_push', 'scancode_push'],
  ['scancode_waitmsg', 'scancode_waitmsg'],
  ['pic_sysphoto', 'pic_sysphoto'],
  ['pic_photo_or_album', 'pic_photo_or_album'],
  ['pic_weixin', 'pic_weixin'],
  ['location_select', 'location_select'],
  ['templatesendjobfinish', 'template_send_job_finish'],
  ['masssendjobfinish', 'mass_send_job_finish'],
]);

/** PicMd5Sum of each SendPicsInfo/PicList/item: one item parses as an object, several as an array. */
function picMd5Sums(info: Fields): string[] {
  const items = child(info, 'PicList').item;
  return (Array.isArray(items) ? items : [items])
    .map((item) => (isRecord(item) ? str(item, 'PicMd5Sum') : undefined))
    .filter((sum): sum is string => sum !== undefined);
}

export function toEvent(f: Fields, base: Base): InboundEvent {
  const rawEvent = required(f, 'Event');
  const event = EVENTS.get(rawEvent.toLowerCase());
  const e = { kind: 'event' as const, ...base };
  const key = str(f, 'EventKey');
  const ticket = nonEmpty(str(f, 'Ticket'));
  switch (event) {
    case 'subscribe': {
      const out: SubscribeEvent = { ...e, event };
      if (key?.startsWith(QR_PREFIX) && key.length > QR_PREFIX.length) out.scene = key.slice(QR_PREFIX.length);
      if (ticket) out.ticket = ticket;
      return out;
    }
    case 'unsubscribe':
      return { ...e, event };
    case 'scan': {
      // Already following: EventKey is the bare scene value.
      const out: ScanEvent = { ...e, event, scene: key ?? '' };
      if (ticket) out.ticket = ticket;
      return out;
    }
    case 'location_report':
      return {
        ...e,
        event,
        lat: decimal(f, 'Latitude'),
        lng: decimal(f, 'Longitude'),
        precision: decimal(f, 'Precision'),
      };
    case 'click':
      return { ...e, event, key: key ?? '' };
    case 'view':
    case 'view_miniprogram': {
      const out: ViewEvent = { ...e, event, key: key ?? '' };
      const menuId = nonEmpty(str(f, 'MenuId'));
      if (menuId) out.menuId = menuId;
      return out;
    }
    case 'scancode_push':
    case 'scancode_waitmsg': {
      const info = child(f, 'ScanCodeInfo');
      return {
        ...e,
        event,
        key: key ?? '',
        scanType: str(info, 'ScanType') ?? '',
        scanResult: str(info, 'ScanResult') ?? '',
      };
    }
    case 'pic_sysphoto':
    case 'pic_photo_or_album':
    case 'pic_weixin': {
      const info = child(f, 'SendPicsInfo');
      const sums = picMd5Sums(info);
      return { ...e, event, key: key ?? '', count: count(info, 'Count') ?? sums.length, picMd5Sums: sums };
    }
    case 'location_select': {
      const info = child(f, 'SendLocationInfo');
      return {
        ...e,
        event,
        key: key ?? '',
        lat: decimal(info, 'Location_X'),
        lng: decimal(info, 'Location_Y'),
        scale: decimal(info, 'Scale'),
        label: str(info, 'Label') ?? '',
        poiName: str(info, 'Poiname') ?? '',
      };
    }
    // MsgID (capital D) is the id template/send or mass send returned: our own job, not an inbound MsgId.
    case 'template_send_job_finish':
      return { ...e, event, jobId: str(f, 'MsgID')?.trim() ?? '', status: str(f, 'Status') ?? '' };
    case 'mass_send_job_finish':
      return {
        ...e,
        event,
        jobId: str(f, 'MsgID')?.trim() ?? '',
        status: str(f, 'Status') ?? '',
        totalCount: count(f, 'TotalCount') ?? 0,
        filterCount: count(f, 'FilterCount') ?? 0,
        sentCount: count(f, 'SentCount') ?? 0,
        errorCount: count(f, 'ErrorCount') ?? 0,
      };
    default: {
      const out: UnknownEvent = { ...e, event: 'unknown', rawEvent };
      if (key !== undefined) out.key = key;
      return out;
    }
  }
}
