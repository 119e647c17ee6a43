-- Events dropped on purpose, per UTC day and reason; parts are summed on merge and again on read.
CREATE TABLE IF NOT EXISTS {db}.drop_counts (
  project_id String,
  day Date,
  reason String,
  count UInt64
) ENGINE = SummingMergeTree(count) ORDER BY (project_id, day, reason);

-- Write keys replaced by a rotation, accepted until expires_at (ms); revoking writes expires_at = 0.
CREATE TABLE IF NOT EXISTS {db}.retired_write_keys (
  write_key String,
  project_id String,
  expires_at Int64,
  version UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY write_key;
