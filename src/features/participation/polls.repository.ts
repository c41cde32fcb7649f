import type { Db } from '../../infra/db.js';

export interface Poll {
  id: number;
  accountId: string;
  title: string;
  question: string;
  options: string[];
  multiple: boolean;
  showResults: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
}

export interface PollInput {
  title: string;
  question: string;
  options: string[];
  multiple: boolean;
  showResults: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface PollResults {
  options: Array<{ text: string; count: number }>;
  voters: number;
}

export type VoteOutcome = 'voted' | 'repeated' | 'already';

type Row = Record<string, unknown>;
const toPoll = (r: Row): Poll => ({
  id: Number(r.id),
  accountId: r.account_id as string,
  title: r.title as string,
  question: r.question as string,
  options: r.options as string[],
  multiple: r.multiple as boolean,
  showResults: r.show_results as boolean,
  startsAt: (r.starts_at as Date | null) ?? null,
  endsAt: (r.ends_at as Date | null) ?? null,
  createdAt: r.created_at as Date,
});

export function createPollRepository(db: Db) {
  return {
    async create(accountId: string, input: PollInput, by: string): Promise<Poll> {
      const { rows } = await db.query<Row>(
        `INSERT INTO polls (account_id, title, question, options, multiple, show_results, starts_at, ends_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [accountId, input.title, input.question, JSON.stringify(input.options), input.multiple, input.showResults, input.startsAt, input.endsAt, by],
      );
      return toPoll(rows[0]!);
    },

    async list(accountId: string): Promise<Array<Poll & { voters: number }>> {
      const { rows } = await db.query<Row>(
        `SELECT p.*, (SELECT count(*) FROM poll_votes v WHERE v.poll_id = p.id)::int AS voters FROM polls p WHERE account_id = $1 ORDER BY id DESC LIMIT 200`,
        [accountId],
      );
      return rows.map((r) => ({ ...toPoll(r), voters: r.voters as number }));
    },

    /** A poll of this account; with a null account, any account's (the H5 page finds it by id). */
    async get(accountId: string | null, id: number): Promise<Poll | undefined> {
      const { rows } = await db.query<Row>('SELECT * FROM polls WHERE ($1::text IS NULL OR account_id = $1) AND id = $2', [accountId, id]);
      return rows[0] && toPoll(rows[0]);
    },

    /**
     * One vote per citizen: the primary key (poll, voter) decides between concurrent
     * deliveries. A delivery that finds its own key already stored is a retry.
     */
    async vote(pollId: number, voterHash: string, choices: number[], channel: 'chat' | 'h5', deliveryKey: string | null): Promise<VoteOutcome> {
      const { rowCount } = await db.query(
        `INSERT INTO poll_votes (poll_id, voter_hash, choices, channel, delivery_key) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [pollId, voterHash, choices, channel, deliveryKey],
      );
      if ((rowCount ?? 0) > 0) return 'voted';
      if (!deliveryKey) return 'already';
      const { rows } = await db.query<{ k: string | null }>('SELECT delivery_key AS k FROM poll_votes WHERE poll_id = $1 AND voter_hash = $2', [pollId, voterHash]);
      return rows[0]?.k === deliveryKey ? 'repeated' : 'already';
    },

    async hasVoted(pollId: number, voterHash: string): Promise<boolean> {
      const { rowCount } = await db.query('SELECT 1 FROM poll_votes WHERE poll_id = $1 AND voter_hash = $2', [pollId, voterHash]);
      return (rowCount ?? 0) > 0;
    },

    /** Counted live from the votes: each option's count and the number of voters. */
    async results(poll: Poll): Promise<PollResults> {
      const { rows } = await db.query<{ choice: number; n: number }>(
        'SELECT c AS choice, count(*)::int AS n FROM poll_votes, unnest(choices) AS c WHERE poll_id = $1 GROUP BY c',
        [poll.id],
      );
      const { rows: total } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM poll_votes WHERE poll_id = $1', [poll.id]);
      const counts = new Map(rows.map((r) => [Number(r.choice), r.n]));
      return { options: poll.options.map((text, i) => ({ text, count: counts.get(i + 1) ?? 0 })), voters: total[0]?.n ?? 0 };
    },

    /** Votes for export: time, channel and choices, never who voted. */
    async votes(pollId: number): Promise<Array<{ at: Date; channel: string; choices: number[] }>> {
      const { rows } = await db.query<{ at: Date; channel: string; choices: number[] }>(
        'SELECT created_at AS at, channel, choices FROM poll_votes WHERE poll_id = $1 ORDER BY created_at',
        [pollId],
      );
      return rows;
    },
  };
}

export type PollRepository = ReturnType<typeof createPollRepository>;
