-- Events dropped on purpose (bots, GPC, unverified identities, the SDK's own overflow, rate limits), per UTC day.
CREATE TABLE drop_counts (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  reason TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, reason)
) WITHOUT ROWID;

-- Write keys replaced by a rotation: accepted until expires_at (ms) so pages still serving them lose nothing.
CREATE TABLE retired_write_keys (
  write_key TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX retired_write_keys_by_project ON retired_write_keys (project_id, expires_at);
