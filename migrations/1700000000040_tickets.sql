-- Up Migration

-- Named operators with roles and their own API token. ADMIN_TOKEN stays the
-- super-admin; an operator belongs to one account and acts only on it.
-- Tokens are 32 random bytes: a plain SHA-256 is enough to store them.
CREATE TABLE operators (
  id          bigserial PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name        text NOT NULL,
  roles       text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'editor', 'handler', 'emergency']),
  department  text,
  token_hash  text NOT NULL UNIQUE,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  UNIQUE (account_id, name)
);

-- Per-account settings of the appeals desk: deadlines in working days per
-- category, the departments tickets are dispatched to, and the template used
-- to reach a citizen outside the 48-hour customer-service window.
CREATE TABLE ticket_settings (
  account_id         text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  deadlines          jsonb NOT NULL DEFAULT '{}',
  departments        jsonb NOT NULL DEFAULT '[]',
  status_template_id text,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Daily sequence behind the ticket number yyMMdd + 5 digits.
CREATE TABLE ticket_counters (
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  day        date NOT NULL,
  seq        integer NOT NULL,
  PRIMARY KEY (account_id, day)
);

-- Personal data (name, phone, the citizen's openId) is encrypted; the keyed
-- hash of the openId serves "我的工单" and is NULL for anonymous tickets.
CREATE TABLE tickets (
  id              bigserial PRIMARY KEY,
  account_id      text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  ticket_no       text NOT NULL,
  category        text NOT NULL CHECK (category IN ('咨询', '求助', '投诉', '建议', '举报', '应急')),
  status          text NOT NULL CHECK (status IN ('accepted', 'dispatched', 'awaiting_info', 'replied', 'closed', 'reopened', 'merged')),
  resume_status   text,
  channel         text NOT NULL DEFAULT 'wechat',
  content         text NOT NULL,
  location        jsonb,
  open_id_enc     text,
  open_id_hash    text,
  anonymous       boolean NOT NULL DEFAULT false,
  confidential    boolean NOT NULL DEFAULT false,
  name_enc        text,
  phone_enc       text,
  contact_masked  jsonb,
  query_code_hash text,
  department      text,
  due_date        date NOT NULL,
  draft_id        text NOT NULL,
  source_msg_id   text,
  first_reply_at  timestamptz,
  direct_answer   boolean,
  closed_at       timestamptz,
  rating          smallint CHECK (rating BETWEEN 1 AND 5),
  rated_at        timestamptz,
  merged_into     bigint REFERENCES tickets(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, ticket_no),
  -- A retried confirmation never files twice.
  UNIQUE (account_id, draft_id)
);
CREATE INDEX tickets_account_status ON tickets (account_id, status, due_date);
CREATE INDEX tickets_owner ON tickets (account_id, open_id_hash) WHERE open_id_hash IS NOT NULL;

-- Every action on a ticket, with who, when and whether the citizen may see it.
CREATE TABLE ticket_events (
  id         bigserial PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  ticket_id  bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  action     text NOT NULL,
  actor      text NOT NULL,
  visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
  detail     jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);
-- The periodic deadline check records each warning once per ticket.
CREATE UNIQUE INDEX ticket_events_deadline_once ON ticket_events (ticket_id, action) WHERE action IN ('due_soon', 'overdue');

-- Photos and voice notes, fetched once from the media API and kept here. Before
-- filing they belong to the citizen's draft; filing attaches them to the ticket.
CREATE TABLE ticket_attachments (
  id            bigserial PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  ticket_id     bigint REFERENCES tickets(id) ON DELETE CASCADE,
  draft_id      text,
  source_msg_id text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('image', 'voice')),
  content_type  text NOT NULL,
  size          integer NOT NULL CHECK (size <= 2097152),
  data          bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, source_msg_id)
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id);
CREATE INDEX ticket_attachments_draft ON ticket_attachments (account_id, draft_id) WHERE ticket_id IS NULL;

-- Down Migration
DROP TABLE ticket_attachments;
DROP TABLE ticket_events;
DROP TABLE tickets;
DROP TABLE ticket_counters;
DROP TABLE ticket_settings;
DROP TABLE operators;
