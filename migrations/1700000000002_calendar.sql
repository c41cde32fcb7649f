-- Up Migration

-- Exceptions to the Monday–Friday working week: public holidays and 调休 working
-- weekends. Every date computation in the product (ticket deadlines, booking
-- dates) goes through this one calendar.
CREATE TABLE calendar_days (
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  day        date NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name       text NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, day)
);

-- Down Migration
DROP TABLE calendar_days;
