import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Db } from '../../infra/db.js';
import type { Tx } from './bookings.repository.js';

export const REMINDER_QUEUE = 'appointment-reminder';

/** pg-boss keeps its tables in a schema of its own next to the app's (tests: one per app). */
export function jobSchemaFor(appSchema: string): string {
  return appSchema === 'public' ? 'pgboss' : `${appSchema}_pgboss`.slice(0, 50);
}

export interface ReminderJob {
  reminderId: number;
}

export interface ReminderQueueOptions {
  db: Db;
  log: Logger;
  /** The app's schema (current_schema of the pool). */
  appSchema(): Promise<string>;
  /** Seconds between polls for due reminders (pg-boss allows 0.5 at least). */
  pollingIntervalSeconds: number;
  /** Sends one reminder. Throw to have it retried later (transient failure). */
  handle(reminderId: number, attempt: { retryCount: number; retryLimit: number }): Promise<void>;
}

const asDb = (q: Db | Tx): PgBoss.Db => ({ executeSql: (text, values) => q.query(text, values) });

/**
 * The durable schedule of reminders, on pg-boss: jobs are rows in Postgres, written
 * in the booking's own transaction (a booking never exists without its reminders,
 * nor reminders without a booking), fetched with SKIP LOCKED so each runs on one
 * instance only, and still there after a restart.
 */
export class ReminderQueue {
  private boss?: Promise<PgBoss>;
  private stopping = false;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly options: ReminderQueueOptions) {}

  /** Installs the job schema and queue (idempotent, safe for concurrent instances). */
  private install(): Promise<PgBoss> {
    this.boss ??= (async () => {
      const schema = jobSchemaFor(await this.options.appSchema());
      const boss = new PgBoss({ db: asDb(this.options.db), schema, schedule: false, supervise: true, maintenanceIntervalSeconds: 60 });
      boss.on('error', (err: Error) => this.options.log.warn({ err: err.message, queue: REMINDER_QUEUE }, 'reminder queue error'));
      await boss.start();
      // Retries: WeChat outages are short; a reminder more than a few minutes late is little use.
      await boss.createQueue(REMINDER_QUEUE, { name: REMINDER_QUEUE, retryLimit: 4, retryDelay: 15, retryBackoff: true, expireInSeconds: 120 });
      return boss;
    })();
    this.boss.catch(() => (this.boss = undefined));
    return this.boss;
  }

  /**
   * Makes sure the job schema exists. Called before a booking's transaction opens:
   * installing inside it would wait for a pool connection while holding the slot lock.
   */
  async ready(): Promise<void> {
    await this.install();
  }

  /** A job id to store on the reminder row before the job is written. */
  newJobId(): string {
    return randomUUID();
  }

  /** Writes the jobs inside the caller's transaction. */
  async enqueue(tx: Tx, jobs: Array<{ jobId: string; reminderId: number; dueAt: Date }>): Promise<void> {
    const boss = await this.install();
    for (const job of jobs) {
      await boss.send(REMINDER_QUEUE, { reminderId: job.reminderId } satisfies ReminderJob, { id: job.jobId, startAfter: job.dueAt, db: asDb(tx) });
    }
  }

  /** Cancels jobs inside the caller's transaction (the reminder rows are the final word anyway). */
  async cancel(tx: Tx, jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    const boss = await this.install();
    await boss.cancel(REMINDER_QUEUE, jobIds, { db: asDb(tx) });
  }

  async start(): Promise<void> {
    const boss = await this.install();
    this.stopping = false;
    await boss.work<ReminderJob>(
      REMINDER_QUEUE,
      { pollingIntervalSeconds: this.options.pollingIntervalSeconds, batchSize: 20, includeMetadata: true },
      async (jobs) => {
        const work = Promise.all(jobs.map((job) => this.run(boss, job)));
        this.running.add(work);
        try {
          await work;
        } finally {
          this.running.delete(work);
        }
      },
    );
  }

  /** One job: failures are reported per job so one bad reminder does not retry the batch. */
  private async run(boss: PgBoss, job: PgBoss.JobWithMetadata<ReminderJob>): Promise<void> {
    try {
      if (this.stopping) throw new Error('shutting down');
      await this.options.handle(job.data.reminderId, { retryCount: job.retryCount, retryLimit: job.retryLimit });
    } catch (err) {
      await boss.fail(REMINDER_QUEUE, job.id, { message: (err as Error).message }).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const boss = await this.boss?.catch(() => undefined);
    if (!boss) return;
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    await Promise.all([...this.running]);
  }
}
