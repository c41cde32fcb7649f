-- Up Migration

-- Bookable services (a hall window, 户政, a hospital clinic). The contract fields
-- that only the feature reads (schedule, window, rules, departments) live in `spec`.
CREATE TABLE appointment_services (
  id         bigserial PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  code       text NOT NULL,
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('hall', 'hospital')),
  enabled    boolean NOT NULL DEFAULT true,
  spec       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX appointment_services_code ON appointment_services (account_id, lower(code));

-- Capacity of each slot that has been booked at least once. `booked` only moves
-- through one conditional upsert (never read-then-write), and the CHECK is the last
-- guard: a slot can never hold more bookings than places.
CREATE TABLE appointment_slots (
  account_id    text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  service_id    bigint NOT NULL REFERENCES appointment_services(id) ON DELETE CASCADE,
  resource_code text NOT NULL DEFAULT '',
  slot_start    timestamptz NOT NULL,
  slot_end      timestamptz NOT NULL,
  capacity      integer NOT NULL CHECK (capacity >= 0),
  booked        integer NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
  PRIMARY KEY (service_id, resource_code, slot_start)
);

-- Name, phone and ID number are stored only encrypted (AES-256-GCM, src/lib/pii.ts);
-- person_hash (keyed hash of the ID number, or of the phone when none is taken)
-- serves per-person limits and no-show bans.
CREATE TABLE appointment_bookings (
  id            bigserial PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  service_id    bigint NOT NULL REFERENCES appointment_services(id) ON DELETE CASCADE,
  resource_code text NOT NULL DEFAULT '',
  booking_no    text NOT NULL,
  open_id       text NOT NULL,
  slot_start    timestamptz NOT NULL,
  slot_end      timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'checked_in', 'no_show')),
  name_enc      text NOT NULL,
  phone_enc     text NOT NULL,
  id_number_enc text,
  person_hash   text NOT NULL,
  -- The conversation draft that confirmed it, and the confirming message: a retried
  -- or repeated confirmation finds the booking instead of making a second one.
  request_key   text NOT NULL,
  msg_id        text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  cancelled_at  timestamptz,
  checked_in_at timestamptz,
  no_show_at    timestamptz,
  UNIQUE (account_id, booking_no),
  UNIQUE (account_id, request_key)
);
CREATE UNIQUE INDEX appointment_bookings_msg ON appointment_bookings (account_id, msg_id) WHERE msg_id IS NOT NULL;
CREATE INDEX appointment_bookings_citizen ON appointment_bookings (account_id, open_id, slot_start);
CREATE INDEX appointment_bookings_person ON appointment_bookings (service_id, person_hash, slot_start);
CREATE INDEX appointment_bookings_slot ON appointment_bookings (account_id, service_id, slot_start);

-- Reaching the no-show threshold suspends a person's bookings of a service.
CREATE TABLE appointment_bans (
  account_id   text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  service_id   bigint NOT NULL REFERENCES appointment_services(id) ON DELETE CASCADE,
  person_hash  text NOT NULL,
  banned_until timestamptz NOT NULL,
  no_shows     integer NOT NULL,
  window_days  integer NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service_id, person_hash)
);

-- One row per reminder of a booking. The job queue (pg-boss) wakes the worker at
-- due_at; this row decides whether it is still to be sent, so a cancelled booking's
-- reminder never goes out and a reminder is sent once across instances.
CREATE TABLE appointment_reminders (
  id             bigserial PRIMARY KEY,
  account_id     text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  booking_id     bigint NOT NULL REFERENCES appointment_bookings(id) ON DELETE CASCADE,
  minutes_before integer NOT NULL,
  due_at         timestamptz NOT NULL,
  job_id         uuid NOT NULL,
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts       integer NOT NULL DEFAULT 0,
  channel        text,
  sent_at        timestamptz,
  last_error     text,
  UNIQUE (booking_id, minutes_before)
);
CREATE INDEX appointment_reminders_due ON appointment_reminders (status, due_at);

-- Per-account settings: the template of 预约提醒 applied for in the MP console.
CREATE TABLE appointment_settings (
  account_id           text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  reminder_template_id text,
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE appointment_settings;
DROP TABLE appointment_reminders;
DROP TABLE appointment_bans;
DROP TABLE appointment_bookings;
DROP TABLE appointment_slots;
DROP TABLE appointment_services;
