import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Db } from '../../infra/db.js';

export const BROADCAST_QUEUE = 'reach-broadcast';

/** pg-boss keeps its tables in a schema of its own next to the app's (tests: one per app). */
const jobSchemaFor = (appSchema: string) => (appSchema === 'public' ? 'pgboss' : `${appSchema}_pgboss`.slice(0, 50));
const asDb = (db: Db): PgBoss.Db => ({ executeSql: (text, values) => db.query(text, values) });

export interface BroadcastQueueOptions {
  db: Db;
  log: Logger;
  pollingIntervalSeconds: number;
  /** Sends one scheduled broadcast; a throw has pg-boss retry it. */
  handle(job: { accountId: string; broadcastId: number }): Promise<void>;
}

/**
 * Scheduled 群发 on pg-boss: the job is a row in Postgres with `startAfter` = the chosen
 * time, so a schedule outlives a restart, and SKIP LOCKED runs it on one instance only.
 * Sending again is harmless: the broadcast row is claimed once (broadcasts.repository).
 */
export class BroadcastQueue {
  private boss?: Promise<PgBoss>;

  constructor(private readonly options: BroadcastQueueOptions) {}

  private install(): Promise<PgBoss> {
    this.boss ??= (async () => {
      const { rows } = await this.options.db.query<{ schema: string }>('SELECT current_schema() AS schema');
      const boss = new PgBoss({ db: asDb(this.options.db), schema: jobSchemaFor(rows[0]!.schema), schedule: false, supervise: true, maintenanceIntervalSeconds: 60 });
      boss.on('error', (err: Error) => this.options.log.warn({ err: err.message, queue: BROADCAST_QUEUE }, 'broadcast queue error'));
      await boss.start();
      await boss.createQueue(BROADCAST_QUEUE, { name: BROADCAST_QUEUE, retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 });
      return boss;
    })();
    this.boss.catch(() => (this.boss = undefined));
    return this.boss;
  }

  async schedule(accountId: string, broadcastId: number, at: Date): Promise<string> {
    const boss = await this.install();
    const id = await boss.send(BROADCAST_QUEUE, { accountId, broadcastId }, { startAfter: at, singletonKey: `broadcast-${broadcastId}` });
    return id ?? '';
  }

  async start(): Promise<void> {
    const boss = await this.install();
    await boss.work<{ accountId: string; broadcastId: number }>(BROADCAST_QUEUE, { pollingIntervalSeconds: this.options.pollingIntervalSeconds, batchSize: 5 }, async (jobs) => {
      for (const job of jobs) await this.options.handle(job.data);
    });
  }

  async stop(): Promise<void> {
    const boss = await this.boss?.catch(() => undefined);
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
