-- Uptake on ClickHouse 18.16+. `{db}` is replaced by the configured database. Every statement is
-- idempotent (IF NOT EXISTS), so several collectors may start at once.

-- Projects and their keys (secret keys as sha256 only). One row per change; the highest version wins,
-- read with FINAL: the table is tiny, and config lives here so the collector keeps no state of its own.
CREATE TABLE IF NOT EXISTS {db}.projects (
  id String,
  name String,
  write_key String,
  secret_key_hash String,
  settings String,
  created_at Int64,
  version UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY id;

-- Raw events, as sent. Ordered for the queries: one project, a range of days, then the user.
-- userId/anonymousId/accountId use '' for "none" (ids are never empty on the wire); Nullable would slow scans.
-- ReplacingMergeTree on a key ending in message_id folds a duplicate that slipped past the pre-insert
-- check (two collectors racing on one retry) at the next merge.
CREATE TABLE IF NOT EXISTS {db}.events (
  project_id String,
  message_id String,
  type String,
  event Nullable(String),
  user_id String,
  anonymous_id String,
  account_id String,
  ts Int64,
  received_at Int64,
  properties String,
  traits String,
  context String,
  -- properties.feature of a `Feature Used` track with a non-empty string feature, else '' (set at append).
  feature String,
  day Date MATERIALIZED toDate(toDateTime(intDiv(ts, 1000)), 'UTC')
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, day, user_id, message_id);

-- Every stored messageId, keyed for point lookups: append() asks it which ids of a batch are already
-- stored. Filled by a materialized view inside the same INSERT as the events.
CREATE TABLE IF NOT EXISTS {db}.message_ids (
  project_id String,
  message_id String
) ENGINE = ReplacingMergeTree ORDER BY (project_id, message_id) SETTINGS index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.message_ids_mv TO {db}.message_ids
AS SELECT project_id, message_id FROM {db}.events;

-- Rollup: one row per raw identity per UTC day (anon_id only when there is no user_id), so trends read
-- thousands of rows instead of millions of events. Identity is resolved when reading, not here.
CREATE TABLE IF NOT EXISTS {db}.user_days (
  project_id String,
  day Date,
  user_id String,
  anon_id String,
  events AggregateFunction(count),
  first_ts AggregateFunction(min, Int64),
  last_ts AggregateFunction(max, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, day, user_id, anon_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.user_days_mv TO {db}.user_days
AS SELECT project_id, day, user_id, if(user_id = '', anonymous_id, '') AS anon_id,
  countState() AS events, minState(ts) AS first_ts, maxState(ts) AS last_ts
FROM {db}.events
GROUP BY project_id, day, user_id, anon_id;

-- Which user an anonymous id became (identify or alias with both ids). The first pairing wins, as in the
-- SQLite engine: readers take argMin(user_id, seq), and merges keep the lowest seq (rank is its complement).
CREATE TABLE IF NOT EXISTS {db}.identities (
  project_id String,
  anonymous_id String,
  user_id String,
  seq UInt64,
  rank UInt64 MATERIALIZED toUInt64(18446744073709551615) - seq
) ENGINE = ReplacingMergeTree(rank) ORDER BY (project_id, anonymous_id);

-- Traits, one row per (person, trait) per change; the latest seq wins, is_null = 1 removes the trait.
-- `value` is the trait as text (what segment filters compare), `json` the value as sent.
CREATE TABLE IF NOT EXISTS {db}.user_traits (
  project_id String,
  actor String,
  key String,
  value String,
  json String,
  is_null UInt8,
  seq UInt64
) ENGINE = ReplacingMergeTree(seq) ORDER BY (project_id, actor, key);

CREATE TABLE IF NOT EXISTS {db}.account_traits (
  project_id String,
  account_id String,
  key String,
  value String,
  json String,
  is_null UInt8,
  seq UInt64
) ENGINE = ReplacingMergeTree(seq) ORDER BY (project_id, account_id, key);

-- A person's group calls; the latest is "the user's last group", the account of their later events.
CREATE TABLE IF NOT EXISTS {db}.memberships (
  project_id String,
  actor String,
  account_id String,
  seq UInt64
) ENGINE = ReplacingMergeTree(seq) ORDER BY (project_id, actor);
