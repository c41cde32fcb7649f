import { toEvent } from './inbound-events.js';
import {
  createTimeOf,
  decimal,
  type Fields,
  InboundError,
  isRecord,
  msgIdOf,
  nonEmpty,
  optionalMsgId,
  required,
  str,
} from './inbound-fields.js';
import type { InboundMessage, UnknownMessage } from './types.js';

/**
 * Translates WeChat's XML field names into the typed messages of types.ts, once, at the
 * edge (wechat-protocol.md §2–§4). Input is parseXml's output.
 */

export { InboundError };

type Base = { openId: string; accountUser: string; createTime: number };

/** Normal messages (接收普通消息); each carries a MsgId. */
function toMessage(f: Fields, base: Base, rawType: string): InboundMessage {
  const text = (name: string) => str(f, name) ?? '';
  const type = rawType.toLowerCase();
  switch (type) {
    case 'text':
      return { kind: type, ...base, msgId: msgIdOf(f), text: text('Content') };
    case 'image':
      return { kind: type, ...base, msgId: msgIdOf(f), picUrl: text('PicUrl'), mediaId: text('MediaId') };
    case 'voice': {
      const voice = { kind: type, ...base, msgId: msgIdOf(f), mediaId: text('MediaId'), format: text('Format') };
      // Speech-to-text, only when the account enabled it; often empty nowadays.
      const recognition = nonEmpty(str(f, 'Recognition'));
      return recognition === undefined ? voice : { ...voice, recognition };
    }
    case 'video':
    case 'shortvideo':
      return { kind: type, ...base, msgId: msgIdOf(f), mediaId: text('MediaId'), thumbMediaId: text('ThumbMediaId') };
    case 'location':
      // Location_X is the latitude, Location_Y the longitude.
      return {
        kind: type,
        ...base,
        msgId: msgIdOf(f),
        lat: decimal(f, 'Location_X'),
        lng: decimal(f, 'Location_Y'),
        scale: decimal(f, 'Scale'),
        label: text('Label'),
      };
    case 'link':
      return {
        kind: type,
        ...base,
        msgId: msgIdOf(f),
        title: text('Title'),
        description: text('Description'),
        url: text('Url'),
      };
    default: {
      // Types not modelled here (device_text, …) are still acked and logged, never rejected.
      const unknown: UnknownMessage = { kind: 'unknown', ...base, rawType };
      const msgId = optionalMsgId(f);
      if (msgId !== undefined) unknown.msgId = msgId;
      return unknown;
    }
  }
}

/** The typed message for one parsed push. Throws InboundError when a common field is missing or invalid. */
export function toInbound(fields: Record<string, unknown>): InboundMessage {
  if (!isRecord(fields)) throw new InboundError('push has no fields');
  const base: Base = {
    openId: required(fields, 'FromUserName'),
    accountUser: required(fields, 'ToUserName'),
    createTime: createTimeOf(fields),
  };
  const rawType = required(fields, 'MsgType');
  return rawType.toLowerCase() === 'event' ? toEvent(fields, base) : toMessage(fields, base, rawType);
}

/**
 * De-duplication key for WeChat's retries (wechat-protocol.md §5). Messages: sender +
 * MsgId, since equal MsgIds have been seen across users. Events: sender + CreateTime +
 * event + its key, because different events share a second (pic_photo_or_album and the
 * image pushes after it). Job-finish events use their job id (MsgID) as the key.
 */
export function dedupKey(msg: InboundMessage): string {
  if (msg.kind === 'unknown') {
    return msg.msgId !== undefined
      ? `m:${msg.openId}:${msg.msgId}`
      : `u:${msg.openId}:${msg.createTime}:${msg.rawType}`;
  }
  if (msg.kind !== 'event') return `m:${msg.openId}:${msg.msgId}`;
  let name: string = msg.event;
  let key: string | undefined;
  switch (msg.event) {
    case 'subscribe':
    case 'scan':
      key = msg.scene;
      break;
    case 'template_send_job_finish':
    case 'mass_send_job_finish':
      key = msg.jobId;
      break;
    case 'unknown':
      name = msg.rawEvent;
      key = msg.key;
      break;
    case 'unsubscribe':
    case 'location_report':
      break;
    default:
      key = msg.key;
  }
  return `e:${msg.openId}:${msg.createTime}:${name}:${key ?? ''}`;
}
