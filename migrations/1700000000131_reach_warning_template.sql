-- Up Migration

-- The account's warning layout for emergency broadcasts (placeholders {title} {level} {area} {advice} {hotline}).
ALTER TABLE reach_settings ADD COLUMN warning_template jsonb;

-- Down Migration
ALTER TABLE reach_settings DROP COLUMN warning_template;
