import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { AppConfig } from '../config/config.js';
import type { ChangeBus } from '../infra/change-bus.js';
import type { Db } from '../infra/db.js';
import type { KeyValueStore } from '../infra/kv/port.js';
import type { RuleProvider } from '../router/types.js';
import type { ServiceWindow } from '../session/service-window.js';
import type { SessionStore } from '../session/session-store.js';
import type { PiiCipher } from '../lib/pii.js';
import type { Account } from '../wechat/account.js';
import type { InboundMessage } from '../wechat/types.js';
import type { WechatApi } from '../wechat/outbound.js';

/** What every feature receives. Dependencies are arguments, never globals. */
export interface FeatureContext {
  config: AppConfig;
  db: Db;
  kv: KeyValueStore;
  sessions: SessionStore;
  /** Whether a customer-service message may be sent now (48 h after the citizen's last message). */
  serviceWindow: ServiceWindow;
  log: Logger;
  audit: AuditRepository;
  /** Encrypts personal data at rest (DATA_ENCRYPTION_KEY); one instance for the whole app. */
  pii: PiiCipher;
  calendar: CalendarService;
  /** The outbound WeChat API of an account (token shared through the store). */
  wechatFor(account: Account): WechatApi;
  /** Look up an account (cached), e.g. to push a message outside a webhook request. */
  account(accountId: string): Promise<Account | undefined>;
  /** A named cross-instance invalidation channel. */
  changeBus(name: string): Promise<ChangeBus>;
}

export type { FallbackHandler as Fallback } from '../router/dispatch.js';
import type { FallbackHandler as Fallback } from '../router/dispatch.js';

/** A capability: its rules, its fallbacks, its admin API and public pages, its demo content. */
export interface Feature {
  name: string;
  rules?: RuleProvider[];
  fallbacks?: Fallback[];
  /** Registered under /admin/api, behind operator auth; `request.accountId` and `request.operator` are set. */
  adminRoutes?: (app: FastifyInstance) => Promise<void>;
  /** Registered at the root, without auth (H5 pages). */
  publicRoutes?: (app: FastifyInstance) => Promise<void>;
  /**
   * Told of every handled message after its reply is computed, never awaited: it must
   * return at once for messages it does not care about (no per-message I/O).
   */
  observe?(account: Account, message: InboundMessage): void;
  /** Loads this feature's demo content into an account that has none. */
  seedDemo?(accountId: string): Promise<void>;
  /** Starts background work (job workers); called once the app is ready to listen. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface FeatureModule {
  name: string;
  create(ctx: FeatureContext): Promise<Feature> | Feature;
}
