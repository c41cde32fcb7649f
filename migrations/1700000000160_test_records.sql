-- Up Migration
-- Tickets the simulator's citizens (openIds `sim_…`) file are test data: kept out of
-- operators' lists, statistics and digests unless asked for, removed by
-- DELETE /admin/api/simulate/data. A ticket keeps only a keyed hash of its citizen's
-- openId, so the flag is set when the ticket is filed.
ALTER TABLE tickets ADD COLUMN test boolean NOT NULL DEFAULT false;

-- Tickets filed before this change: the owner hash cannot be turned back into an openId
-- here (the key lives in the app), so the citizen is not recoverable. A ticket confirmed
-- in the simulator's chat still carries the simulated message's id, which starts with
-- `sim` where WeChat's MsgIds are digits only; those are marked. Others filed by a
-- simulator citizen (e.g. a tip turned into a ticket) stay unmarked; the simulator's
-- "delete test data" still finds them by the owner hash.
UPDATE tickets SET test = true WHERE source_msg_id LIKE 'sim%';

-- Bookings keep the plain openId: whether one is a test is `open_id LIKE 'sim\_%'`,
-- for rows old and new alike, so they need no column.

-- Down Migration
ALTER TABLE tickets DROP COLUMN test;
