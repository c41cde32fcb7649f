-- Up Migration

-- 退单 (returned to the dispatcher by the department it was sent to by mistake) and
-- 不予受理 (not accepted, with a reason) join the ticket statuses.
ALTER TABLE tickets DROP CONSTRAINT tickets_status_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_status_check
  CHECK (status IN ('accepted', 'dispatched', 'awaiting_info', 'replied', 'closed', 'reopened', 'merged', 'returned', 'rejected'));

-- 延期: a handler asks (pending_extension holds the reason, the new date and who asked),
-- an admin approves; due_date then moves and original_due_date keeps the first deadline.
ALTER TABLE tickets
  ADD COLUMN pending_extension jsonb,
  ADD COLUMN original_due_date date,
  ADD COLUMN extended_at timestamptz;

-- Down Migration
ALTER TABLE tickets DROP COLUMN pending_extension, DROP COLUMN original_due_date, DROP COLUMN extended_at;
UPDATE tickets SET status = 'closed' WHERE status = 'rejected';
UPDATE tickets SET status = 'accepted' WHERE status = 'returned';
ALTER TABLE tickets DROP CONSTRAINT tickets_status_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_status_check
  CHECK (status IN ('accepted', 'dispatched', 'awaiting_info', 'replied', 'closed', 'reopened', 'merged'));
