import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Db } from '../../infra/db.js';

export const DIGEST_QUEUE = 'ticket-digest';
/** Every hour on the hour, Beijing time: each account's digest goes out from its own digest hour. */
export const DIGEST_CRON = '0 * * * *';

/** The job schema beside the app's, as the appointment reminders use it (tests: one per app). */
export const digestJobSchema = (appSchema: string): string => (appSchema === 'public' ? 'pgboss' : `${appSchema}_pgboss`.slice(0, 50));

const asDb = (db: Db): PgBoss.Db => ({ executeSql: (text, values) => db.query(text, values) });

interface Options {
  db: Db;
  log: Logger;
  appSchema(): Promise<string>;
  /** Sends the digests due now; each department's once a day (the digest row is the final word). */
  run(now: Date): Promise<number>;
}

/**
 * The daily 督办 digest on pg-boss's cron: the schedule lives in Postgres, each hourly job runs
 * on one instance only, and a restart loses no day. The digest itself claims its
 * (account, department, day) row, so a retried or doubled job sends nothing twice.
 */
export class DigestSchedule {
  private boss?: PgBoss;

  constructor(private readonly options: Options) {}

  async start(): Promise<void> {
    const { log } = this.options;
    try {
      const boss = new PgBoss({ db: asDb(this.options.db), schema: digestJobSchema(await this.options.appSchema()), schedule: true, supervise: false });
      boss.on('error', (err: Error) => log.warn({ err: err.message, queue: DIGEST_QUEUE }, 'digest queue error'));
      await boss.start();
      await boss.createQueue(DIGEST_QUEUE, { name: DIGEST_QUEUE, retryLimit: 2, retryDelay: 300, expireInSeconds: 600 });
      await boss.schedule(DIGEST_QUEUE, DIGEST_CRON, {}, { tz: 'Asia/Shanghai' });
      await boss.work(DIGEST_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
        const sent = await this.options.run(new Date());
        if (sent > 0) log.info({ sent }, 'supervision digests sent');
      });
      this.boss = boss;
    } catch (err) {
      log.error({ err: (err as Error).message }, 'digest schedule could not start; daily digests wait for the next start');
    }
  }

  async stop(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
