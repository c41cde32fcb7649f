-- Up Migration

-- Every write a citizen's message makes carries the key of the delivery that made it
-- (`<accountId>:<dedup key>`: sender + MsgId, or sender + time + event). De-duplication
-- in Redis is gone while Redis is; these unique keys keep each effect once-only, and a
-- repeated delivery finds the original effect and answers with it.

-- A booking remembers the delivery that confirmed it and the one that cancelled it.
-- The MsgId alone is not unique across citizens: the delivery key names the sender.
ALTER TABLE appointment_bookings ADD COLUMN delivery_key text, ADD COLUMN cancel_delivery_key text;
DROP INDEX appointment_bookings_msg;
CREATE UNIQUE INDEX appointment_bookings_delivery ON appointment_bookings (account_id, delivery_key) WHERE delivery_key IS NOT NULL;

ALTER TABLE tickets ADD COLUMN delivery_key text;
CREATE UNIQUE INDEX tickets_delivery ON tickets (account_id, delivery_key) WHERE delivery_key IS NOT NULL;

-- Supplements and ratings are events on a ticket: the citizen's event carries the key.
ALTER TABLE ticket_events ADD COLUMN delivery_key text;
CREATE UNIQUE INDEX ticket_events_delivery ON ticket_events (account_id, delivery_key) WHERE delivery_key IS NOT NULL;

-- Photos and voice notes: one per delivery, replacing one per MsgId (which two citizens can share).
ALTER TABLE ticket_attachments ADD COLUMN delivery_key text;
UPDATE ticket_attachments SET delivery_key = 'msg:' || source_msg_id;
ALTER TABLE ticket_attachments DROP CONSTRAINT ticket_attachments_account_id_source_msg_id_key;
CREATE UNIQUE INDEX ticket_attachments_delivery ON ticket_attachments (account_id, delivery_key) WHERE delivery_key IS NOT NULL;

-- Down Migration
DROP INDEX ticket_attachments_delivery;
ALTER TABLE ticket_attachments ADD CONSTRAINT ticket_attachments_account_id_source_msg_id_key UNIQUE (account_id, source_msg_id);
ALTER TABLE ticket_attachments DROP COLUMN delivery_key;
DROP INDEX ticket_events_delivery;
ALTER TABLE ticket_events DROP COLUMN delivery_key;
DROP INDEX tickets_delivery;
ALTER TABLE tickets DROP COLUMN delivery_key;
DROP INDEX appointment_bookings_delivery;
CREATE UNIQUE INDEX appointment_bookings_msg ON appointment_bookings (account_id, msg_id) WHERE msg_id IS NOT NULL;
ALTER TABLE appointment_bookings DROP COLUMN delivery_key, DROP COLUMN cancel_delivery_key;
