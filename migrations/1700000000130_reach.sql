-- Up Migration

-- Reaching citizens: followers, tags, broadcasts (群发), parametric QR codes, media (素材).
-- OpenIDs are personal data: stored encrypted (open_id_enc) with a keyed hash for lookups.

CREATE TABLE reach_settings (
  account_id        text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  -- 审核: a second admin approves a broadcast before it goes out.
  approval_required boolean NOT NULL DEFAULT false,
  -- The 群发 quota differs: 服务号 4 per month, 公众号(原订阅号) 1 per day.
  account_type      text NOT NULL DEFAULT 'service' CHECK (account_type IN ('service', 'subscription')),
  -- Template ids of the notices the product sends (bookingReminder, bookingChange, ticketStatus, ticketReply).
  notice_templates  jsonb NOT NULL DEFAULT '{}',
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE qrcodes (
  id            bigserial PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  scene         text NOT NULL,
  permanent     boolean NOT NULL,
  action        text,
  ticket        text NOT NULL,
  url           text NOT NULL,
  expires_at    timestamptz,
  scans         integer NOT NULL DEFAULT 0,
  subscriptions integer NOT NULL DEFAULT 0,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, scene)
);

CREATE TABLE followers (
  id              bigserial PRIMARY KEY,
  account_id      text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  open_id_hash    text NOT NULL,
  open_id_enc     text NOT NULL,
  subscribed      boolean NOT NULL,
  subscribed_at   timestamptz,
  unsubscribed_at timestamptz,
  -- Where the follower came from: a QR scene, or 'sync' for an imported follower.
  scene           text,
  qrcode_id       bigint REFERENCES qrcodes(id) ON DELETE SET NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, open_id_hash)
);
CREATE INDEX followers_account_time ON followers (account_id, subscribed_at);

-- One row per subscribe/unsubscribe push: the daily new/lost counts. The delivery key
-- keeps a repeated push (WeChat retries) from counting twice.
CREATE TABLE follower_events (
  id           bigserial PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  open_id_hash text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('subscribe', 'unsubscribe', 'scan')),
  qrcode_id    bigint REFERENCES qrcodes(id) ON DELETE SET NULL,
  delivery_key text NOT NULL,
  at           timestamptz NOT NULL,
  UNIQUE (account_id, delivery_key)
);
CREATE INDEX follower_events_day ON follower_events (account_id, at);

CREATE TABLE follower_sync (
  account_id  text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  status      text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  next_openid text,
  total       integer,
  imported    integer NOT NULL DEFAULT 0,
  pages       integer NOT NULL DEFAULT 0,
  error       text,
  started_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE TABLE reach_tags (
  id         bigserial PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  wechat_id  integer NOT NULL,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, wechat_id),
  UNIQUE (account_id, name)
);

CREATE TABLE follower_tags (
  follower_id bigint NOT NULL REFERENCES followers(id) ON DELETE CASCADE,
  tag_id      bigint NOT NULL REFERENCES reach_tags(id) ON DELETE CASCADE,
  PRIMARY KEY (tag_id, follower_id)
);

CREATE TABLE media_items (
  id           bigserial PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  media_id     text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('image', 'voice', 'video', 'thumb')),
  filename     text NOT NULL,
  content_type text NOT NULL,
  size         integer NOT NULL,
  url          text,
  -- A small copy of an image for the console's list (images only, at most 64 KB).
  thumbnail    bytea,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, media_id)
);

CREATE TABLE broadcasts (
  id             bigserial PRIMARY KEY,
  account_id     text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  tag_id         bigint REFERENCES reach_tags(id) ON DELETE RESTRICT,
  to_all         boolean NOT NULL,
  message        jsonb NOT NULL,
  emergency      boolean NOT NULL DEFAULT false,
  status         text NOT NULL CHECK (status IN ('pending_approval', 'ready', 'scheduled', 'sending', 'sent', 'failed', 'finished')),
  send_at        timestamptz,
  job_id         text,
  author         text NOT NULL,
  author_id      bigint,
  approved_by    text,
  approved_by_id bigint,
  approved_at    timestamptz,
  -- WeChat drops a second sendall with the same clientmsgid (24 h): one per broadcast.
  client_msg_id  text NOT NULL,
  msg_id         text,
  msg_data_id    text,
  sent_at        timestamptz,
  wechat_status  text,
  total_count    integer,
  filter_count   integer,
  sent_count     integer,
  error_count    integer,
  error          text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, client_msg_id),
  CHECK (to_all OR tag_id IS NOT NULL)
);
CREATE UNIQUE INDEX broadcasts_msg_id ON broadcasts (account_id, msg_id) WHERE msg_id IS NOT NULL;
CREATE INDEX broadcasts_account ON broadcasts (account_id, id DESC);

-- Down Migration
DROP TABLE broadcasts;
DROP TABLE media_items;
DROP TABLE follower_tags;
DROP TABLE reach_tags;
DROP TABLE follower_sync;
DROP TABLE follower_events;
DROP TABLE followers;
DROP TABLE qrcodes;
DROP TABLE reach_settings;
