-- Up Migration

-- 公开答复: a closed ticket published as a question and answer, in the operator's edited
-- words (personal data removed). One publication per ticket; withdrawing keeps the row.
CREATE TABLE published_answers (
  id           bigserial PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  ticket_id    bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  category     text NOT NULL,
  question     text NOT NULL,
  answer       text NOT NULL,
  department   text,
  published_by text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  UNIQUE (ticket_id)
);
CREATE INDEX published_answers_visible ON published_answers (account_id, published_at DESC) WHERE withdrawn_at IS NULL;

-- Polls: 2–9 options, single or multiple choice, an optional period.
CREATE TABLE polls (
  id           bigserial PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  title        text NOT NULL,
  question     text NOT NULL,
  options      jsonb NOT NULL CHECK (jsonb_array_length(options) BETWEEN 2 AND 9),
  multiple     boolean NOT NULL DEFAULT false,
  show_results boolean NOT NULL DEFAULT true,
  starts_at    timestamptz,
  ends_at      timestamptz,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX polls_account ON polls (account_id, id DESC);

-- One vote per citizen per poll: the primary key is the keyed hash of the citizen's openId.
-- Concurrent and retried deliveries meet on it; delivery_key tells a retry (same answer
-- again) from a second vote.
CREATE TABLE poll_votes (
  poll_id      bigint NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  voter_hash   text NOT NULL,
  choices      smallint[] NOT NULL CHECK (cardinality(choices) > 0),
  channel      text NOT NULL CHECK (channel IN ('chat', 'h5')),
  delivery_key text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (poll_id, voter_hash)
);

-- 线索征集: what a collection asks for, and the tips citizens send.
CREATE TABLE tip_collections (
  id           bigserial PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  title        text NOT NULL,
  prompt       text NOT NULL,
  photos       boolean NOT NULL DEFAULT true,
  location     boolean NOT NULL DEFAULT true,
  contact      boolean NOT NULL DEFAULT false,
  starts_at    timestamptz,
  ends_at      timestamptz,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tips (
  id            bigserial PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  collection_id bigint NOT NULL REFERENCES tip_collections(id) ON DELETE CASCADE,
  open_id_enc   text,
  content       text NOT NULL,
  photos        jsonb NOT NULL DEFAULT '[]',
  location      jsonb,
  contact_enc   text,
  contact_masked text,
  status        text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'dismissed', 'ticket')),
  review_note   text,
  reviewed_by   text,
  ticket_id     bigint REFERENCES tickets(id) ON DELETE SET NULL,
  delivery_key  text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tips_collection ON tips (collection_id, id DESC);
CREATE UNIQUE INDEX tips_delivery ON tips (account_id, delivery_key) WHERE delivery_key IS NOT NULL;

-- Down Migration
DROP TABLE tips;
DROP TABLE tip_collections;
DROP TABLE poll_votes;
DROP TABLE polls;
DROP TABLE published_answers;
