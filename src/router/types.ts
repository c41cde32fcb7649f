import type { Logger } from 'pino';
import type { Account } from '../wechat/account.js';
import type { EventName, InboundMessage, MessageKind, Reply } from '../wechat/types.js';
import type { Conversation } from '../session/session-store.js';

export type KeywordMatch = 'exact' | 'contains' | 'regex';
export interface Keyword {
  text: string;
  match: KeywordMatch;
}

/** What a handler returns: nothing, one reply, or several (the first passive, the rest as customer-service messages). */
export type HandlerResult = Reply | Reply[] | null;

/** Conversation controls handed to handlers; state lives in the session store with a TTL. */
export interface ConversationControl {
  /** The state loaded before routing (null when none or expired). */
  readonly current: Conversation | null;
  start(step: string, data?: Record<string, unknown>, ttlSeconds?: number): Promise<void>;
  end(): Promise<void>;
}

export interface MessageContext {
  account: Account;
  message: InboundMessage;
  /** Normalised text of a text message, or the recognition of a voice message. */
  text?: string;
  /** The text as sent (before normalisation), for flows that store what the citizen wrote. */
  rawText?: string;
  conversation: ConversationControl;
  log: Logger;
  now: Date;
  /**
   * The delivery this message came in (`<accountId>:<dedup key>`, the guard's key). Writes a
   * citizen's message makes store it under a unique index, so a repeated delivery (Redis down,
   * de-duplication lost) finds the original effect instead of making a second one.
   */
  deliveryKey?: string;
  /**
   * Runs an action URI as if the citizen had tapped a menu item with that key
   * (`news:政策速递`, `guide:DEMO-RS-0001`, `keyword:社保`…). Numbered menus and
   * guides use it to hand over to another feature without importing it.
   */
  perform(action: string): Promise<HandlerResult>;
}

export interface RuleMatch {
  kinds?: MessageKind[];
  events?: EventName[];
  /** Menu EventKey (CLICK, scancode…, VIEW): an exact key or a prefix such as `news:`. */
  eventKey?: string | { prefix: string };
  /** Conversation step held in the session: exact or a prefix such as `booking.`. */
  step?: string | { prefix: string };
  /** Matched through the keyword index against the message text. */
  keywords?: Keyword[];
  /** A last, cheap predicate (e.g. active time window). */
  when?: (ctx: MessageContext) => boolean;
}

/** A routing rule. Rules are data: named for logs and metrics, with an explicit priority. */
export interface Rule {
  name: string;
  /**
   * The `rule` label in metrics when the name carries an id: every operator keyword rule
   * (keyword:<id>) counts as `keyword`, so ten thousand rules are not ten thousand series.
   * Defaults to the name.
   */
  family?: string;
  /** Higher wins. */
  priority: number;
  /** Ties in priority go to the newest rule (epoch ms); static rules default to 0. */
  createdAt?: number;
  match: RuleMatch;
  handle(ctx: MessageContext): Promise<HandlerResult> | HandlerResult;
}

/** Supplies rules per account; signals when they change so the router recompiles. */
export interface RuleProvider {
  name: string;
  rules(accountId: string): Promise<Rule[]> | Rule[];
  onChange?(listener: (accountId: string | null) => void): void;
}

/** Conventional priorities: conversation steps beat menus, menus beat keywords. */
export const PRIORITY = {
  conversationStep: 1000,
  escape: 900,
  menuKey: 500,
  event: 400,
  operatorKeyword: 100,
  featureKeyword: 50,
  messageType: 10,
} as const;
