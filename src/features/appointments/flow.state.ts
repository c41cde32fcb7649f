import type { KeyValueStore } from '../../infra/kv/port.js';
import type { MessageContext } from '../../router/types.js';

/** Conversation steps of this flow; step rules match the prefix. */
export const STEP_PREFIX = 'booking.';
export type Step = 'service' | 'resource' | 'date' | 'slot' | 'name' | 'phone' | 'idnum' | 'confirm' | 'full' | 'mine' | 'cancel';

/** Idle expiry of a booking conversation (seconds). */
export const FLOW_TTL_SECONDS = 600;
/** The "you were booking" marker outlives the state, so a late reply hears why it was lost. */
const MARKER_TTL_MS = 2 * FLOW_TTL_SECONDS * 1000;

/** What the conversation remembers. Personal data is kept only encrypted, even in the session store. */
export interface Draft {
  draftId: string;
  serviceId?: number;
  resourceCode?: string;
  date?: string;
  start?: string;
  end?: string;
  nameEnc?: string;
  phoneEnc?: string;
  idEnc?: string;
  /** The values behind the numbers the citizen is looking at. */
  options?: string[];
  cancelId?: number;
}

export const stepOf = (ctx: MessageContext): Step | undefined => {
  const step = ctx.conversation.current?.step;
  return step?.startsWith(STEP_PREFIX) ? (step.slice(STEP_PREFIX.length) as Step) : undefined;
};

export const draftOf = (ctx: MessageContext): Draft => (ctx.conversation.current?.data ?? {}) as unknown as Draft;

const markerKey = (ctx: MessageContext) => `appointments:marker:${ctx.account.id}:${ctx.message.openId}`;
const bookedKey = (ctx: MessageContext) => `appointments:booked:${ctx.account.id}:${ctx.message.openId}`;
/** How long a repeated "1" after a booking is answered with that booking. */
const BOOKED_TTL_MS = 120_000;

/** Remembers the booking just made, so a second tap on "1" hears about it instead of silence. */
export async function rememberBooked(ctx: MessageContext, kv: KeyValueStore, bookingNo: string): Promise<void> {
  await kv.set(bookedKey(ctx), bookingNo, BOOKED_TTL_MS).catch(() => undefined);
}

export async function justBooked(ctx: MessageContext, kv: KeyValueStore): Promise<string | undefined> {
  if (ctx.conversation.current) return undefined;
  return (await kv.get(bookedKey(ctx)).catch(() => null)) ?? undefined;
}

export async function save(ctx: MessageContext, kv: KeyValueStore, step: Step, draft: Draft): Promise<void> {
  await ctx.conversation.start(`${STEP_PREFIX}${step}`, draft as unknown as Record<string, unknown>, FLOW_TTL_SECONDS);
  await kv.set(markerKey(ctx), step, MARKER_TTL_MS).catch(() => undefined);
}

export async function finish(ctx: MessageContext, kv: KeyValueStore): Promise<void> {
  await ctx.conversation.end();
  await kv.del(markerKey(ctx)).catch(() => undefined);
}

/**
 * True once per lost conversation: the citizen was booking, the state has expired,
 * and the message reads as an answer to the step they were at (`answers`).
 */
export async function takeExpiredMarker(ctx: MessageContext, kv: KeyValueStore, answers: (step: Step) => boolean): Promise<boolean> {
  if (ctx.conversation.current) return false;
  const step = await kv.get(markerKey(ctx)).catch(() => null);
  if (step === null || !answers(step as Step)) return false;
  await kv.del(markerKey(ctx)).catch(() => undefined);
  return true;
}
