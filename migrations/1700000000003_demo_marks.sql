-- Up Migration

-- Which feature's demo content has been loaded into which account, so a restart
-- never loads it twice and a feature added later still gets its demo content.
CREATE TABLE demo_marks (
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  feature    text NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, feature)
);

-- Down Migration
DROP TABLE demo_marks;
