-- Up Migration

-- "我的工单" and 进度 look tickets up by the account the citizen wrote to, which for a
-- transferred ticket is origin_account_id.
CREATE INDEX tickets_owner_issued ON tickets ((COALESCE(origin_account_id, account_id)), open_id_hash) WHERE open_id_hash IS NOT NULL;
CREATE INDEX tickets_no_origin ON tickets (origin_account_id, ticket_no) WHERE origin_account_id IS NOT NULL;

-- Down Migration
DROP INDEX tickets_no_origin;
DROP INDEX tickets_owner_issued;
