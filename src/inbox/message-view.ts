import type { InboundMessage, Reply } from '../wechat/types.js';

/** Citizens the simulator plays: their openIds carry this prefix, and what they create is test data. */
export const SIMULATOR_PREFIX = 'sim_';
export const isSimulated = (openId: string) => openId.startsWith(SIMULATOR_PREFIX);

/** What the log keeps of an inbound message: its kind, its text (if any) and a few details. */
export interface Described {
  kind: string;
  text: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * The citizen's messages and the events that are a citizen's act (menu taps, subscribing,
 * scanning); automatic pushes (location reports, job results, unsubscribe) are not logged.
 */
export function describe(message: InboundMessage): Described | undefined {
  switch (message.kind) {
    case 'text':
      return { kind: 'text', text: message.text, detail: null };
    case 'voice':
      return { kind: 'voice', text: message.recognition ?? null, detail: { mediaId: message.mediaId } };
    case 'image':
      return { kind: 'image', text: null, detail: { picUrl: message.picUrl, mediaId: message.mediaId } };
    case 'location':
      return { kind: 'location', text: message.label || null, detail: { lat: message.lat, lng: message.lng } };
    case 'link':
      return { kind: 'link', text: message.title, detail: { url: message.url, description: message.description } };
    case 'video':
    case 'shortvideo':
      return { kind: message.kind, text: null, detail: { mediaId: message.mediaId } };
    case 'unknown':
      return { kind: `unknown:${message.rawType}`, text: null, detail: null };
    case 'event':
      switch (message.event) {
        case 'click':
          return { kind: 'event:click', text: message.key, detail: null };
        case 'subscribe':
          return { kind: 'event:subscribe', text: message.scene ?? null, detail: null };
        case 'scan':
          return { kind: 'event:scan', text: message.scene, detail: null };
        case 'location_select':
          return { kind: 'event:location_select', text: message.label || message.poiName || null, detail: { lat: message.lat, lng: message.lng } };
        case 'scancode_push':
        case 'scancode_waitmsg':
          return { kind: `event:${message.event}`, text: message.scanResult, detail: null };
        default:
          return undefined;
      }
  }
}

/** The replies as one line of text for the inbox ("[图文] 标题" for a news card). */
export function replyText(replies: Reply[]): string | null {
  if (replies.length === 0) return null;
  return replies
    .map((r) => {
      switch (r.type) {
        case 'text':
          return r.content;
        case 'news':
          return `[图文] ${r.article.title}`;
        case 'image':
          return '[图片]';
        case 'voice':
          return '[语音]';
        case 'video':
          return `[视频]${r.title ? ` ${r.title}` : ''}`;
        case 'music':
          return `[音乐]${r.title ? ` ${r.title}` : ''}`;
        case 'transfer_customer_service':
          return '[转人工客服]';
      }
    })
    .join('\n');
}

/**
 * Needing an operator: nothing answered, the default reply (我们会尽快处理) answered, a
 * search found nothing, or the handler failed.
 */
export function needsAttention(rule: string): boolean {
  if (rule === 'fallback:none' || rule === 'fallback:default-reply' || rule === 'none') return true;
  if (rule.endsWith(':error')) return true;
  return /search[^]*[:-](none|empty|nothing|no-?results?|not-found)$/.test(rule) || rule.startsWith('search:none');
}
