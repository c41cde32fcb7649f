-- Up Migration

-- Intents: what a citizen means, as operator-editable data. Each intent's phrases
-- (exact or contains, matched on the normalised text) are compiled into the
-- router's keyword index; the action URI says what answers (`appointment:A2`,
-- `ticket:投诉?text={rest}`, `emergency:119`, `reply:<text>`, `menu:main`…).
-- `priority` is a router priority (src/router/types.ts PRIORITY): above 1000 an
-- intent also wins inside a conversation, as emergencies must.
CREATE TABLE intents (
  id          bigserial PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name        text NOT NULL,
  phrases     jsonb NOT NULL,
  action      text NOT NULL,
  priority    integer NOT NULL DEFAULT 70,
  enabled     boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, name)
);
CREATE INDEX intents_account ON intents (account_id);

-- Accounts that have received the core intents (emergencies, small talk) once: an
-- account gets them on first use, and what an operator deletes afterwards stays deleted.
CREATE TABLE intent_defaults (
  account_id  text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  loaded_at   timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE intent_defaults;
DROP TABLE intents;
