-- Configuration kept in ClickHouse so collectors stay stateless: one row per change, the highest
-- version wins (read with FINAL; these tables are small). `deleted = 1` is a tombstone.

CREATE TABLE IF NOT EXISTS {db}.widget_definitions (
  project_id String,
  kind String,
  id String,
  body String,
  archived UInt8,
  created_at Int64,
  updated_at Int64,
  version UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY (project_id, kind, id);

CREATE TABLE IF NOT EXISTS {db}.webhooks (
  project_id String,
  id String,
  url String,
  secret String,
  events String,
  created_at Int64,
  deleted UInt8,
  version UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY (project_id, id);

-- Alerts already sent, so a webhook fires once per account, reason and day.
CREATE TABLE IF NOT EXISTS {db}.alerts_fired (
  project_id String,
  account_id String,
  reason String,
  day String,
  fired_at Int64
) ENGINE = ReplacingMergeTree ORDER BY (project_id, account_id, reason, day);
