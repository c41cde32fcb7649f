import type { FeatureModule } from '../feature.js';
import { createAttachmentRepository } from './ticket-attachments.repository.js';
import { createEscalationRepository } from './ticket-escalations.repository.js';
import { createPublishRepository } from './ticket-publish.repository.js';
import { createTipTicketRepository } from './ticket-tips.repository.js';
import { createSettingsRepository } from './ticket-settings.repository.js';
import { createStatsRepository } from './ticket-stats.repository.js';
import { TicketActions } from './tickets.actions.js';
import { ticketAdminRoutes } from './tickets.admin.js';
import { EmergencyAlerter } from './tickets.alert.js';
import { TicketEscalations } from './tickets.escalation.js';
import { escalationRoutes } from './tickets.escalation.admin.js';
import { TicketPublisher } from './tickets.publish.js';
import { publishRoutes } from './tickets.publish.admin.js';
import { tipTicketRoutes } from './tickets.tips.js';
import { progressLink, ticketPageRoutes } from './tickets.page.routes.js';
import { createSupervisionRepository } from './ticket-supervision.repository.js';
import { bindingRules } from './tickets.binding.js';
import { Supervisor } from './tickets.supervision.js';
import { DigestSchedule } from './digest-schedule.js';
import { supervisionRoutes } from './tickets.supervision.admin.js';
import { CitizenDesk } from './tickets.citizen.js';
import { checkDeadlines, Deadlines } from './tickets.deadlines.js';
import { seedTicketsDemo } from './tickets.demo.js';
import { FilingFlow } from './tickets.flow.js';
import { OriginNotifier } from './tickets.origin-notify.js';
import { createTransferRepository } from './ticket-transfer.repository.js';
import { transferRoutes } from './tickets.transfer.js';
import { createTicketRepository } from './tickets.repository.js';
import { ticketRules } from './tickets.rules.js';
import { TicketService } from './tickets.service.js';

/** The deadline check runs every few minutes on one instance at a time. */
const CHECK_INTERVAL_MS = 5 * 60_000;
const ABANDONED_DRAFT_MS = 24 * 3600_000;

/** Citizens' appeals (咨询, 求助, 投诉, 建议, 举报, 应急) as tickets. */
export const ticketsModule: FeatureModule = {
  name: 'tickets',
  async create(ctx) {
    const { pii } = ctx;
    const repo = createTicketRepository(ctx.db);
    const attachments = createAttachmentRepository(ctx.db);
    const settings = createSettingsRepository(ctx.db);
    const deadlines = new Deadlines(ctx.calendar);
    const alerter = new EmergencyAlerter(ctx.config.alertWebhookUrl, ctx.config.publicBaseUrl, repo, ctx.log);
    const notifier = new OriginNotifier({ serviceWindow: ctx.serviceWindow, pii, settings, repo, account: ctx.account, wechatFor: ctx.wechatFor, log: ctx.log });
    const service = new TicketService({ repo, attachments, settings, deadlines, pii, alerter, wechatFor: ctx.wechatFor, log: ctx.log });
    const actions = new TicketActions({ repo, settings, notifier, sessions: ctx.sessions, log: ctx.log });
    const escalations = new TicketEscalations({ repo: createEscalationRepository(ctx.db), actions, notifier });
    // Published answers are searched with guides and news: publishing announces a content change.
    const publisher = new TicketPublisher({ repo: createPublishRepository(ctx.db), tickets: repo, actions, pii, content: await ctx.changeBus('content') });
    const { provider, fallback } = ticketRules(new FilingFlow(service, ctx.kv), new CitizenDesk(service, repo, ctx.kv, (accountId, ticketNo, openId) => progressLink(pii, ctx.config.publicBaseUrl, accountId, ticketNo, openId, Date.now())));
    const supervision = createSupervisionRepository(ctx.db);
    const supervisor = new Supervisor({
      repo: supervision, tickets: repo, deadlines, pii, account: ctx.account, wechatFor: ctx.wechatFor,
      alertWebhookUrl: ctx.config.alertWebhookUrl, publicBaseUrl: ctx.config.publicBaseUrl, log: ctx.log,
    });
    const digest = new DigestSchedule({ db: ctx.db, log: ctx.log, appSchema: () => supervision.currentSchema(), run: (now) => supervisor.digests(now) });
    const check = (now: Date) =>
      checkDeadlines(repo, deadlines, now, ctx.log, {
        dueSoonDays: async (accountId) => (await supervision.settings(accountId)).dueSoonDays,
        onWarning: (ticket, warning) => supervisor.warn(ticket, warning),
      });

    let timer: NodeJS.Timeout | undefined;
    const periodic = async () => {
      // One instance per interval: the others find the lock taken.
      if (!(await ctx.kv.setIfAbsent('tickets:deadline-check', '1', CHECK_INTERVAL_MS - 10_000))) return;
      await check(new Date());
      await attachments.deleteAbandonedDrafts(new Date(Date.now() - ABANDONED_DRAFT_MS));
    };

    return {
      name: 'tickets',
      rules: [provider, bindingRules(supervision, ctx.kv, pii)],
      fallbacks: [fallback],
      adminRoutes: async (app) => {
        await ticketAdminRoutes(app, { repo, attachments, settings, stats: createStatsRepository(ctx.db), actions, deadlines, pii, audit: ctx.audit, checkDeadlines: check });
        await escalationRoutes(app, { escalations, deadlines, audit: ctx.audit });
        await publishRoutes(app, { publisher, audit: ctx.audit });
        await transferRoutes(app, { repo: createTransferRepository(ctx.db), actions, notifier, deadlines, stats: createStatsRepository(ctx.db), audit: ctx.audit });
        await supervisionRoutes(app, { repo: supervision, supervisor, kv: ctx.kv, audit: ctx.audit });
        await tipTicketRoutes(app, { tips: createTipTicketRepository(ctx.db), service, pii, audit: ctx.audit });
      },
      publicRoutes: (app) => ticketPageRoutes(app, { repo, attachments, service, pii, kv: ctx.kv }),
      seedDemo: (accountId) => seedTicketsDemo(accountId, { settings, service, actions }),
      async start() {
        timer = setInterval(() => void periodic().catch((err: Error) => ctx.log.error({ err }, 'ticket deadline check failed')), CHECK_INTERVAL_MS);
        timer.unref();
        await digest.start();
      },
      async stop() {
        if (timer) clearInterval(timer);
        await digest.stop();
        await alerter.drain();
      },
    };
  },
};
