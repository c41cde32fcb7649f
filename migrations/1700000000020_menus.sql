-- Up Migration

-- Numbered menus (回复数字): one operator-defined tree per row, addressed by a
-- stable code (`menu:<code>`). The tree is validated as a whole before it is
-- stored, so it lives in one jsonb document rather than one row per node.
CREATE TABLE numbered_menus (
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  code       text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
  title      text NOT NULL,
  items      jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, code)
);

-- The custom menu (自定义菜单) as WeChat's own JSON, and what was last published.
CREATE TABLE custom_menus (
  account_id     text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  menu           jsonb NOT NULL,
  updated_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  published_menu jsonb,
  published_by   text,
  published_at   timestamptz
);

-- Down Migration
DROP TABLE custom_menus;
DROP TABLE numbered_menus;
