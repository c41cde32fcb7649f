-- Up Migration

-- How an account's webhook accepts bodies: plaintext, compat (both) or safe
-- (encrypted only). Existing accounts keep the default rule: safe with an AES key.
ALTER TABLE accounts ADD COLUMN message_mode text NOT NULL DEFAULT 'plaintext'
  CHECK (message_mode IN ('plaintext', 'compat', 'safe'));
UPDATE accounts SET message_mode = 'safe' WHERE encoding_aes_key IS NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_mode_needs_key
  CHECK (message_mode = 'plaintext' OR encoding_aes_key IS NOT NULL);

-- One counter per change channel and account, bumped by every published change.
-- Instances poll it, so a change made while Redis is down still reaches them.
-- account_id is '' for a change that concerns every account.
CREATE TABLE change_versions (
  channel    text NOT NULL,
  account_id text NOT NULL,
  version    bigint NOT NULL DEFAULT 1,
  PRIMARY KEY (channel, account_id)
);

-- Down Migration
DROP TABLE change_versions;
ALTER TABLE accounts DROP CONSTRAINT accounts_mode_needs_key;
ALTER TABLE accounts DROP COLUMN message_mode;
