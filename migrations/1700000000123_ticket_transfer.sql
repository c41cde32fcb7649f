-- Up Migration

-- A ticket transferred from a community account to the district keeps its number, history,
-- citizen and deadline; origin_account_id is the account the citizen wrote to, which still
-- carries every notice to them. Numbers are unique per issuing account, so the district's own
-- numbers and the transferred ones never clash.
ALTER TABLE tickets ADD COLUMN origin_account_id text REFERENCES accounts(id) ON DELETE SET NULL, ADD COLUMN transferred_at timestamptz;
ALTER TABLE tickets DROP CONSTRAINT tickets_account_id_ticket_no_key;
CREATE UNIQUE INDEX tickets_issued_no ON tickets (COALESCE(origin_account_id, account_id), ticket_no);
CREATE INDEX tickets_origin ON tickets (origin_account_id) WHERE origin_account_id IS NOT NULL;

-- Down Migration
DROP INDEX tickets_origin;
DROP INDEX tickets_issued_no;
ALTER TABLE tickets ADD CONSTRAINT tickets_account_id_ticket_no_key UNIQUE (account_id, ticket_no);
ALTER TABLE tickets DROP COLUMN origin_account_id, DROP COLUMN transferred_at;
