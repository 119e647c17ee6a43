-- The time zone whose calendar days the rollups count, chosen when the file is created (UPTAKE_TIME_ZONE) and
-- fixed after: a question asked in that zone reads the rollups, one in any other zone reads raw events. Files
-- that held events before this migration counted UTC days.
CREATE TABLE store_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO store_settings (key, value) SELECT 'rollup_zone', 'UTC' WHERE EXISTS (SELECT 1 FROM events);
