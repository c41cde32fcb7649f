import type { MessageContext } from './types.js';

/**
 * Action URIs may carry the citizen's words to the feature that answers:
 * `ticket:投诉?text=%E5%99%AA%E9%9F%B3` opens the complaint with 噪音 already written.
 * The argument is what comes before `?`, the parameters are URI-encoded.
 */
export interface ActionUri {
  argument: string;
  text?: string;
}

/** The 被关注回复 as an action URI, answered by the keyword feature, for whatever answers a follow its own way. */
export const WELCOME_ACTION = 'reply:subscribe';

/** The menu key of a tapped (or performed) action, or '' for any other message. */
export function actionKey(ctx: MessageContext): string {
  const m = ctx.message;
  return m.kind === 'event' && 'key' in m && typeof m.key === 'string' ? m.key : '';
}

/** Splits `<prefix><argument>?text=<encoded>`; a malformed encoding keeps the argument and drops the text. */
export function parseAction(key: string, prefix: string): ActionUri {
  const rest = key.startsWith(prefix) ? key.slice(prefix.length) : '';
  const q = rest.indexOf('?');
  if (q < 0) return { argument: rest.trim() };
  const argument = rest.slice(0, q).trim();
  const match = /(?:^|&)text=([^&]*)/.exec(rest.slice(q + 1));
  if (!match) return { argument };
  try {
    const text = decodeURIComponent(match[1]!).trim();
    return text ? { argument, text } : { argument };
  } catch {
    return { argument };
  }
}

/** `?text=` for an action URI; empty text adds nothing. */
export const withText = (action: string, text: string | undefined) => (text ? `${action}?text=${encodeURIComponent(text)}` : action);
