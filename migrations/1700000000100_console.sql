-- Up Migration

-- Console sign-in: an operator may have a username and an argon2id password hash.
-- Usernames are ASCII only (letters, digits, . _ -), so a Cyrillic "а" cannot pass
-- for a Latin "a", and unique case-insensitively across every account, because
-- signing in names no account.
ALTER TABLE operators
  ADD COLUMN username text CHECK (username ~ '^[A-Za-z0-9._-]{3,32}$'),
  ADD COLUMN password_hash text,
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
  ADD COLUMN password_changed_at timestamptz;
CREATE UNIQUE INDEX operators_username ON operators (lower(username)) WHERE username IS NOT NULL;

-- Audit entries name the actor by id and account as well as by name: a name alone
-- can be imitated. actor_id is NULL for the super-admin (ADMIN_TOKEN, bootstrap admin).
ALTER TABLE audit_log
  ADD COLUMN actor_id bigint,
  ADD COLUMN actor_account text;
CREATE INDEX audit_log_account_id ON audit_log (account_id, id DESC);

-- Every citizen message and what answered it, kept MESSAGE_RETENTION_DAYS.
-- open_id_enc is the PiiCipher ciphertext (needed to reply by customer-service
-- message); citizen is a keyed hash of the openId for threads and filters.
CREATE TABLE message_log (
  id             bigserial PRIMARY KEY,
  account_id     text NOT NULL,
  citizen        text NOT NULL,
  open_id_enc    text NOT NULL,
  open_id_masked text NOT NULL,
  direction      text NOT NULL CHECK (direction IN ('in', 'out')),
  kind           text NOT NULL,
  text           text,
  detail         jsonb,
  replies        jsonb,
  reply_text     text,
  rule           text,
  attention      boolean NOT NULL DEFAULT false,
  handled_how    text CHECK (handled_how IN ('replied', 'dismissed')),
  handled_by     text,
  handled_at     timestamptz,
  operator_id    bigint,
  operator_name  text,
  test           boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);
-- Indexes are kept few: every one is written for every message. Lists read newest first
-- by the primary key; time ranges (dashboard, retention) use created_at.
CREATE INDEX message_log_citizen ON message_log (account_id, citizen, id);
CREATE INDEX message_log_attention ON message_log (account_id, id DESC) WHERE attention;
CREATE INDEX message_log_created ON message_log (created_at);

-- Down Migration
DROP TABLE message_log;
DROP INDEX audit_log_account_id;
ALTER TABLE audit_log DROP COLUMN actor_account, DROP COLUMN actor_id;
DROP INDEX operators_username;
ALTER TABLE operators DROP COLUMN password_changed_at, DROP COLUMN must_change_password, DROP COLUMN password_hash, DROP COLUMN username;
