-- Up Migration

-- 督办: how long before the deadline a ticket is "due soon" (working days), the template
-- used to reach operators in WeChat, and the hour (Beijing) of the daily digest.
CREATE TABLE supervision_settings (
  account_id         text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  due_soon_days      smallint NOT NULL DEFAULT 1 CHECK (due_soon_days BETWEEN 0 AND 10),
  notice_template_id text,
  digest_hour        smallint NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- An operator who bound their WeChat (sent 绑定 <code> to the account) receives notices there.
CREATE TABLE operator_wechat (
  operator_id  bigint PRIMARY KEY REFERENCES operators(id) ON DELETE CASCADE,
  account_id   text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  open_id_enc  text NOT NULL,
  open_id_hash text NOT NULL,
  bound_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, open_id_hash)
);

-- One digest per department and day, whichever instance runs the check.
CREATE TABLE supervision_digests (
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  department text NOT NULL,
  day        date NOT NULL,
  tickets    integer NOT NULL,
  sent_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, department, day)
);

-- Down Migration
DROP TABLE supervision_digests;
DROP TABLE operator_wechat;
DROP TABLE supervision_settings;
