-- Projects and their keys. Secret keys are stored as sha256 hashes only.
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  write_key TEXT NOT NULL UNIQUE,
  secret_key_hash TEXT NOT NULL UNIQUE,
  settings TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);

-- Raw events, appended in arrival order (rowid), which keeps inserts at the end of the table's B-tree.
-- The unique index on (project, messageId) is what makes delivery idempotent.
-- actor is the resolved person: the userId, or the anonymous id until it is identified.
CREATE TABLE events (
  project_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  type TEXT NOT NULL,
  event TEXT,
  actor TEXT NOT NULL,
  user_id TEXT,
  anonymous_id TEXT,
  account_id TEXT,
  ts INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  properties TEXT NOT NULL,
  traits TEXT NOT NULL,
  context TEXT NOT NULL
);
CREATE UNIQUE INDEX events_by_message ON events (project_id, message_id);
CREATE INDEX events_by_time ON events (project_id, ts);
CREATE INDEX events_by_name ON events (project_id, event, ts);
CREATE INDEX events_by_actor ON events (project_id, actor, ts);

-- Which user an anonymous id became (identify with both ids), so pre-login activity counts once.
CREATE TABLE identities (
  project_id TEXT NOT NULL,
  anonymous_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (project_id, anonymous_id)
) WITHOUT ROWID;

-- People and accounts with their latest traits; first_seen drives cohorts and "after N days" triggers.
CREATE TABLE users (
  project_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  traits TEXT NOT NULL DEFAULT '{}',
  account_id TEXT,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (project_id, actor)
) WITHOUT ROWID;

CREATE TABLE accounts (
  project_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  traits TEXT NOT NULL DEFAULT '{}',
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (project_id, account_id)
) WITHOUT ROWID;

-- Rollup kept at append time: one row per actor per UTC day, so trend queries read thousands of
-- rows instead of millions of events.
CREATE TABLE user_days (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  actor TEXT NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, actor)
) WITHOUT ROWID;
CREATE INDEX user_days_by_actor ON user_days (project_id, actor, day);
