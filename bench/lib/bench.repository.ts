import pg from 'pg';

/** The benchmark's own SQL: a throw-away database, and keyword rules inserted in bulk. */

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database next to the one in `adminUrl` (same server), dropped when the run ends. */
export async function createBenchDatabase(adminUrl: string, name: string): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * `count` keyword rules for one account in a single statement: rule r has the keyword
 * 事项<r> (exact, even r) or 服务<r> (contains, odd r), zero-padded to 5 digits, and the
 * reply "R-OK 规则<r>". Mirrors scenarios.ts ruleKeyword.
 */
export async function insertKeywordRules(databaseUrl: string, accountId: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO keyword_rules (account_id, name, keywords, replies, reply_mode)
       SELECT $1, 'bench-' || r,
              jsonb_build_array(jsonb_build_object(
                'text', CASE WHEN r % 2 = 0 THEN '事项' ELSE '服务' END || lpad(r::text, 5, '0'),
                'match', CASE WHEN r % 2 = 0 THEN 'exact' ELSE 'contains' END)),
              jsonb_build_array(jsonb_build_object('type', 'text', 'content', 'R-OK 规则' || r)),
              'random'
       FROM generate_series(0, $2::int - 1) AS r`,
      [accountId, count],
    );
  } finally {
    await client.end();
  }
}
