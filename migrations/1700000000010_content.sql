-- Up Migration

-- Citizen information content: news, service guides (办事指南) and the 便民 directory.
-- Only rows with status 'published' ever reach citizens.
--
-- Search: the embedded database runs with --locale=C, where pg_trgm ignores CJK.
-- The application therefore builds each row's `search_vec` itself (Han-character
-- unigrams + bigrams and Latin/digit words, after Traditional → Simplified
-- conversion), weighted A (title) to D (body), and queries it with tsquery through
-- the GIN index. `match_keys` holds the normalised names and keywords for
-- "exact match first" ranking.

CREATE TABLE news_items (
  id           bigserial PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  title        text NOT NULL,
  summary      text NOT NULL DEFAULT '',
  body         text NOT NULL,
  category     text NOT NULL,
  cover_url    text,
  url          text,
  published_at timestamptz,
  status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  pinned       boolean NOT NULL DEFAULT false,
  match_keys   text[] NOT NULL DEFAULT '{}',
  search_vec   tsvector NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX news_items_category ON news_items (account_id, category, published_at DESC);
CREATE INDEX news_items_search ON news_items USING gin (search_vec);

-- The full guide document (gov-domain §1.6 shape, as the admin API takes it) is kept
-- in `doc`; the columns beside it are what lists filter and sort on.
CREATE TABLE service_guides (
  id          bigserial PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  code        text NOT NULL,
  name        text NOT NULL,
  department  text NOT NULL,
  doc         jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  version     integer NOT NULL DEFAULT 1,
  match_keys  text[] NOT NULL DEFAULT '{}',
  search_vec  tsvector NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, code)
);
CREATE INDEX service_guides_search ON service_guides USING gin (search_vec);

CREATE TABLE places (
  id          bigserial PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name        text NOT NULL,
  kind        text NOT NULL,
  address     text,
  phone       text,
  hours       text,
  lat         double precision CHECK (lat BETWEEN -90 AND 90),
  lng         double precision CHECK (lng BETWEEN -180 AND 180),
  note        text,
  status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  match_keys  text[] NOT NULL DEFAULT '{}',
  search_vec  tsvector NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((lat IS NULL) = (lng IS NULL))
);
CREATE INDEX places_account_kind ON places (account_id, kind);
CREATE INDEX places_search ON places USING gin (search_vec);

-- Operator synonym groups (户口 = 户籍 = 落户): every term expands to the others.
CREATE TABLE search_synonyms (
  id          bigserial PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  terms       text[] NOT NULL CHECK (cardinality(terms) >= 2),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_synonyms_account ON search_synonyms (account_id);

-- Queries that found nothing, counted, so operators see which content is missing.
CREATE TABLE search_unmatched (
  account_id  text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  query       text NOT NULL,
  hits        integer NOT NULL DEFAULT 1,
  first_at    timestamptz NOT NULL DEFAULT now(),
  last_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, query)
);
CREATE INDEX search_unmatched_top ON search_unmatched (account_id, hits DESC);

-- Down Migration
DROP TABLE search_unmatched;
DROP TABLE search_synonyms;
DROP TABLE places;
DROP TABLE service_guides;
DROP TABLE news_items;
