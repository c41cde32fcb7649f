/**
 * Plain, typed view of an inbound WeChat push. XML field names stop at the edge
 * (src/wechat/inbound.ts); everything past it sees these shapes.
 * Field facts: ../../README.md#protocol and the official 接收普通消息 / 接收事件推送 pages.
 */

interface Base {
  /** Sender OpenID (FromUserName). */
  openId: string;
  /** The account's original id, gh_… (ToUserName). */
  accountUser: string;
  /** Unix seconds. Kept as a number: always < 2^53. */
  createTime: number;
}

/** Normal messages carry a 64-bit MsgId: kept as a string, it can exceed 2^53. */
interface WithMsgId extends Base {
  msgId: string;
}

export interface TextMessage extends WithMsgId {
  kind: 'text';
  text: string;
}
export interface ImageMessage extends WithMsgId {
  kind: 'image';
  picUrl: string;
  mediaId: string;
}
export interface VoiceMessage extends WithMsgId {
  kind: 'voice';
  mediaId: string;
  format: string;
  /** Speech-to-text, present only when the account enabled recognition. */
  recognition?: string;
}
export interface VideoMessage extends WithMsgId {
  kind: 'video' | 'shortvideo';
  mediaId: string;
  thumbMediaId: string;
}
export interface LocationMessage extends WithMsgId {
  kind: 'location';
  /** Location_X is the latitude, Location_Y the longitude. */
  lat: number;
  lng: number;
  scale: number;
  label: string;
}
export interface LinkMessage extends WithMsgId {
  kind: 'link';
  title: string;
  description: string;
  url: string;
}

interface EventBase extends Base {
  kind: 'event';
}
export interface SubscribeEvent extends EventBase {
  event: 'subscribe';
  /** Scene value from a parametric QR code, without the `qrscene_` prefix. */
  scene?: string;
  ticket?: string;
}
export interface UnsubscribeEvent extends EventBase {
  event: 'unsubscribe';
}
export interface ScanEvent extends EventBase {
  event: 'scan';
  scene: string;
  ticket?: string;
}
export interface LocationReportEvent extends EventBase {
  event: 'location_report';
  lat: number;
  lng: number;
  precision: number;
}
export interface ClickEvent extends EventBase {
  event: 'click';
  key: string;
}
export interface ViewEvent extends EventBase {
  event: 'view' | 'view_miniprogram';
  key: string;
  menuId?: string;
}
export interface ScanCodeEvent extends EventBase {
  event: 'scancode_push' | 'scancode_waitmsg';
  key: string;
  scanType: string;
  scanResult: string;
}
export interface PicEvent extends EventBase {
  event: 'pic_sysphoto' | 'pic_photo_or_album' | 'pic_weixin';
  key: string;
  count: number;
  picMd5Sums: string[];
}
export interface LocationSelectEvent extends EventBase {
  event: 'location_select';
  key: string;
  lat: number;
  lng: number;
  scale: number;
  label: string;
  poiName: string;
}
export interface TemplateSendJobFinishEvent extends EventBase {
  event: 'template_send_job_finish';
  /** Id of our own outbound job (MsgID, capital D); never a de-dup key. */
  jobId: string;
  status: string;
}
export interface MassSendJobFinishEvent extends EventBase {
  event: 'mass_send_job_finish';
  jobId: string;
  status: string;
  totalCount: number;
  filterCount: number;
  sentCount: number;
  errorCount: number;
}
/** Any event type this code does not model; kept so it can be logged and acked. */
export interface UnknownEvent extends EventBase {
  event: 'unknown';
  rawEvent: string;
  key?: string;
}

export type InboundEvent =
  | SubscribeEvent
  | UnsubscribeEvent
  | ScanEvent
  | LocationReportEvent
  | ClickEvent
  | ViewEvent
  | ScanCodeEvent
  | PicEvent
  | LocationSelectEvent
  | TemplateSendJobFinishEvent
  | MassSendJobFinishEvent
  | UnknownEvent;

export interface UnknownMessage extends Base {
  kind: 'unknown';
  rawType: string;
  msgId?: string;
}

export type InboundMessage =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | LocationMessage
  | LinkMessage
  | InboundEvent
  | UnknownMessage;

export type MessageKind = InboundMessage['kind'];
export type EventName = InboundEvent['event'];

/** One news article. A passive reply carries exactly one (platform limit since 2018-10). */
export interface Article {
  title: string;
  description?: string;
  url?: string;
  picUrl?: string;
}

export type Reply =
  | { type: 'text'; content: string }
  | { type: 'image'; mediaId: string }
  | { type: 'voice'; mediaId: string }
  | { type: 'video'; mediaId: string; title?: string; description?: string }
  | {
      type: 'music';
      title?: string;
      description?: string;
      musicUrl?: string;
      hqMusicUrl?: string;
      thumbMediaId: string;
    }
  | { type: 'news'; article: Article }
  | { type: 'transfer_customer_service'; kfAccount?: string };
