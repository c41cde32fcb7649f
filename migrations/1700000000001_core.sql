-- Up Migration

-- One row per official account. The default account comes from the environment
-- and is upserted at start-up; others are added through the admin API.
CREATE TABLE accounts (
  id               text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
  name             text NOT NULL,
  app_id           text NOT NULL,
  app_secret       text NOT NULL,
  token            text NOT NULL,
  encoding_aes_key text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE keyword_rules (
  id          bigserial PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name        text NOT NULL,
  keywords    jsonb NOT NULL,
  replies     jsonb NOT NULL,
  reply_mode  text NOT NULL CHECK (reply_mode IN ('random', 'all')),
  priority    integer NOT NULL DEFAULT 0,
  enabled     boolean NOT NULL DEFAULT true,
  active_from timestamptz,
  active_to   timestamptz,
  hits        bigint NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX keyword_rules_account ON keyword_rules (account_id);

-- 被关注回复 (subscribe) and 收到消息回复 (default).
CREATE TABLE auto_replies (
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('subscribe', 'default')),
  replies    jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, kind)
);

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  account_id  text,
  actor       text NOT NULL,
  action      text NOT NULL,
  resource    text NOT NULL,
  resource_id text,
  detail      jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_resource ON audit_log (resource, resource_id);

-- Down Migration
DROP TABLE audit_log;
DROP TABLE auto_replies;
DROP TABLE keyword_rules;
DROP TABLE accounts;
