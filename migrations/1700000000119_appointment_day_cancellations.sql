-- Up Migration

-- The notice owed to a citizen whose booking was cancelled because its day became a
-- holiday. Written in the cancellation's own transaction (one per booking), then claimed
-- once for sending: a repeated request or a second instance never notifies twice, and a
-- notice that could go neither as a customer-service message nor as a template message
-- stays here as `undelivered` with the reason, for operators to follow up.
CREATE TABLE appointment_cancel_notices (
  booking_id  bigint PRIMARY KEY REFERENCES appointment_bookings(id) ON DELETE CASCADE,
  account_id  text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  day         date NOT NULL,
  reason      text NOT NULL,
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'undelivered')),
  channel     text CHECK (channel IN ('text', 'template')),
  last_error  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz
);
CREATE INDEX appointment_cancel_notices_day ON appointment_cancel_notices (account_id, day, status);

-- Down Migration
DROP TABLE appointment_cancel_notices;
