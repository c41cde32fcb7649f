-- Up Migration
-- The message log is appended in time order, so a BRIN index answers the time ranges of
-- the dashboard and the retention job from a few pages of summaries, and costs almost
-- nothing per inserted row, where a B-tree was written for every message.
DROP INDEX message_log_created;
CREATE INDEX message_log_created ON message_log USING brin (created_at);

-- Down Migration
DROP INDEX message_log_created;
CREATE INDEX message_log_created ON message_log (created_at);
