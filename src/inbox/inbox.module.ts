import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { Db } from '../infra/db.js';
import type { PiiCipher } from '../lib/pii.js';
import type { ServiceWindow } from '../session/service-window.js';
import type { Account } from '../wechat/account.js';
import type { WechatApi } from '../wechat/outbound.js';
import { inboxRoutes } from './inbox.routes.js';
import { createMessageLogRepository } from './message-log.repository.js';
import { createMessageLogWriter } from './message-log.writer.js';
import { startRetentionJob } from './retention.js';

export interface InboxModuleDeps {
  db: Db;
  pii: PiiCipher;
  log: Logger;
  audit: AuditRepository;
  serviceWindow: ServiceWindow;
  wechatFor: (account: Account) => WechatApi;
  account: (id: string) => Promise<Account | undefined>;
  retentionDays: number;
}

/** The message log: the dispatcher's hook, the inbox's admin routes and the retention job. */
export function createInbox(deps: InboxModuleDeps) {
  const repo = createMessageLogRepository(deps.db);
  const writer = createMessageLogWriter(repo, deps.pii, deps.log);
  let retention: ReturnType<typeof startRetentionJob> | undefined;
  return {
    repo,
    writer,
    routes: (app: FastifyInstance) => inboxRoutes(app, { repo, pii: deps.pii, serviceWindow: deps.serviceWindow, wechatFor: deps.wechatFor, account: deps.account, audit: deps.audit }),
    start(): void {
      retention ??= startRetentionJob(repo, deps.retentionDays, deps.log);
    },
    async stop(): Promise<void> {
      await retention?.stop();
      await writer.close();
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;
