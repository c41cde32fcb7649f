import pg from 'pg';

/** The database handle every repository receives. A plain pg Pool. */
export type Db = pg.Pool;

export interface DbOptions {
  connectionString: string;
  /** Optional schema to isolate an instance (tests use one schema per app). */
  schema?: string;
  max?: number;
  /** Bounds a query stuck behind a lock, so a citizen gets an answer in time. */
  statementTimeoutMs?: number;
  /** How long to wait for a new connection; tests that open many at once on a loaded machine need longer. */
  connectionTimeoutMs?: number;
}

// int8 (bigint) columns such as counters fit easily in a JS number here; MsgIds are never stored as int8.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export function createDb(options: DbOptions): Db {
  const searchPath = options.schema ? `-c search_path=${options.schema},public` : '';
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 2000,
    idleTimeoutMillis: 30_000,
    options: `${searchPath} -c statement_timeout=${options.statementTimeoutMs ?? 3000}`.trim(),
  });
  // An idle client losing its connection (server restart) must not crash the process;
  // the pool discards it and connects afresh on the next query.
  pool.on('error', () => undefined);
  return pool;
}

export async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** Runs `work` in one transaction on one pooled client: committed if it returns, rolled back if it throws. */
export async function withTransaction<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
