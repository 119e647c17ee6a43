-- Uptake on a ClickHouse cluster: shards for size, replicas for durability. Run once, with
-- clickhouse-client --multiquery < distributed.sql, after replacing:
--   uptake_cluster  the cluster name in <remote_servers> of every server's config, each shard with
--                   <internal_replication>true</internal_replication> (its replicas copy rows among themselves)
--   {shard} {replica} the macros every server defines in <macros> (ZooKeeper is required for replication);
--                   {replica} must differ between all servers, as the whole tables below have one replica on each
--   uptake          the database (UPTAKE_CLICKHOUSE_DATABASE)
--
-- Layout: each server holds `*_local` tables (ReplicatedMergeTree family); the names the collector
-- uses (events, activity, identities, …) are Distributed tables over them, so the collector's SQL does
-- not change. Events are sharded by person (as resolved at append), so one person's rollup rows live on
-- one shard. Profile and config tables are small and kept whole on every shard (one shard each, replicated
-- everywhere) so the joins that resolve identity stay local.
--
-- The collector must insert synchronously into the Distributed tables, or 200 would mean "queued on one
-- node": connect it with ?insert_distributed_sync=1&insert_quorum=2 in UPTAKE_CLICKHOUSE_URL (quorum =
-- replicas that must have the rows before the INSERT returns).

CREATE DATABASE IF NOT EXISTS uptake ON CLUSTER uptake_cluster;

CREATE TABLE IF NOT EXISTS uptake.events_local ON CLUSTER uptake_cluster (
  project_id String, message_id String, type String, event Nullable(String),
  user_id String, anonymous_id String, account_id String, ts Int64, received_at Int64,
  properties String, traits String, context String, feature String,
  day Date MATERIALIZED toDate(toDateTime(intDiv(ts, 1000)), 'UTC'),
  person String DEFAULT if(user_id != '', user_id, anonymous_id)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/uptake/events', '{replica}')
PARTITION BY toYYYYMM(day) ORDER BY (project_id, day, user_id, message_id);

-- The Distributed table names its columns: `day` as an ALIAS, so an INSERT sends no `day` (the shards refuse a
-- value for their MATERIALIZED column) while reads of `day` still reach the shards' key column.
CREATE TABLE IF NOT EXISTS uptake.events ON CLUSTER uptake_cluster (
  project_id String, message_id String, type String, event Nullable(String),
  user_id String, anonymous_id String, account_id String, ts Int64, received_at Int64,
  properties String, traits String, context String, feature String,
  day Date ALIAS toDate(toDateTime(intDiv(ts, 1000)), 'UTC'),
  person String DEFAULT if(user_id != '', user_id, anonymous_id)
) ENGINE = Distributed(uptake_cluster, uptake, events_local, cityHash64(project_id, person));

CREATE TABLE IF NOT EXISTS uptake.message_ids_local ON CLUSTER uptake_cluster (project_id String, message_id String)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/uptake/message_ids', '{replica}')
ORDER BY (project_id, message_id) SETTINGS index_granularity = 1024;
CREATE TABLE IF NOT EXISTS uptake.message_ids ON CLUSTER uptake_cluster AS uptake.message_ids_local
ENGINE = Distributed(uptake_cluster, uptake, message_ids_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.message_ids_mv ON CLUSTER uptake_cluster TO uptake.message_ids_local
AS SELECT project_id, message_id FROM uptake.events_local;

-- Rollups (see migrations/040_rollups.sql and 050_int_keys.sql): each shard rolls up its own events; reads go
-- through the Distributed tables and aggregate across shards (every reader groups, sums or merges states, so
-- an account whose people live on several shards adds up).
CREATE TABLE IF NOT EXISTS uptake.activity_hours_local ON CLUSTER uptake_cluster (
  project_id String, hour DateTime, pid UInt64, aid UInt64, account_id String, events UInt64, logins UInt64, uses UInt64
) ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/uptake/activity_hours', '{replica}', (events, logins, uses))
PARTITION BY toYYYYMM(hour) ORDER BY (project_id, hour, pid, aid);
CREATE TABLE IF NOT EXISTS uptake.activity_hours ON CLUSTER uptake_cluster AS uptake.activity_hours_local
ENGINE = Distributed(uptake_cluster, uptake, activity_hours_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.activity_hours_mv ON CLUSTER uptake_cluster TO uptake.activity_hours_local
AS SELECT project_id, toStartOfHour(toDateTime(intDiv(ts, 1000))) AS hour, cityHash64(person) AS pid,
  if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid, account_id, count() AS events,
  sum(toUInt64(type = 'track' AND ifNull(event, '') = 'Signed In')) AS logins, sum(toUInt64(feature != '')) AS uses
FROM uptake.events_local GROUP BY project_id, hour, person, account_id;

CREATE TABLE IF NOT EXISTS uptake.feature_hours_local ON CLUSTER uptake_cluster (
  project_id String, hour DateTime, fid UInt64, pid UInt64, aid UInt64, feature String, account_id String, uses UInt64
) ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/uptake/feature_hours', '{replica}', uses)
PARTITION BY toYYYYMM(hour) ORDER BY (project_id, hour, fid, pid, aid);
CREATE TABLE IF NOT EXISTS uptake.feature_hours ON CLUSTER uptake_cluster AS uptake.feature_hours_local
ENGINE = Distributed(uptake_cluster, uptake, feature_hours_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.feature_hours_mv ON CLUSTER uptake_cluster TO uptake.feature_hours_local
AS SELECT project_id, toStartOfHour(toDateTime(intDiv(ts, 1000))) AS hour, cityHash64(feature) AS fid, cityHash64(person) AS pid,
  if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid, feature, account_id, count() AS uses
FROM uptake.events_local WHERE feature != '' GROUP BY project_id, hour, feature, person, account_id;

CREATE TABLE IF NOT EXISTS uptake.active_months_local ON CLUSTER uptake_cluster (
  project_id String, month Date, pid UInt64, aid UInt64, days AggregateFunction(groupBitOr, UInt32)
) ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/uptake/active_months', '{replica}')
PARTITION BY toYYYYMM(month) ORDER BY (project_id, month, pid, aid);
CREATE TABLE IF NOT EXISTS uptake.active_months ON CLUSTER uptake_cluster AS uptake.active_months_local
ENGINE = Distributed(uptake_cluster, uptake, active_months_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.active_months_mv ON CLUSTER uptake_cluster TO uptake.active_months_local
AS SELECT project_id, toStartOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) AS month, cityHash64(person) AS pid,
  if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid,
  groupBitOrState(toUInt32(bitShiftLeft(toUInt32(1), toDayOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) - 1))) AS days
FROM uptake.events_local GROUP BY project_id, month, person, account_id;

-- A cluster made before login_months: run these three statements, then on each shard the INSERT of
-- migrations/060_login_months.sql into uptake.login_months_local from uptake.events_local.
CREATE TABLE IF NOT EXISTS uptake.login_months_local ON CLUSTER uptake_cluster (
  project_id String, month Date, pid UInt64, aid UInt64,
  d1 UInt64, d2 UInt64, d3 UInt64, d4 UInt64, d5 UInt64, d6 UInt64, d7 UInt64, d8 UInt64, d9 UInt64, d10 UInt64, d11 UInt64, d12 UInt64, d13 UInt64, d14 UInt64, d15 UInt64, d16 UInt64, d17 UInt64, d18 UInt64, d19 UInt64, d20 UInt64, d21 UInt64, d22 UInt64, d23 UInt64, d24 UInt64, d25 UInt64, d26 UInt64, d27 UInt64, d28 UInt64, d29 UInt64, d30 UInt64, d31 UInt64
) ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/uptake/login_months', '{replica}', (d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30, d31))
PARTITION BY toYYYYMM(month) ORDER BY (project_id, month, pid, aid);
CREATE TABLE IF NOT EXISTS uptake.login_months ON CLUSTER uptake_cluster AS uptake.login_months_local
ENGINE = Distributed(uptake_cluster, uptake, login_months_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.login_months_mv ON CLUSTER uptake_cluster TO uptake.login_months_local
AS SELECT project_id, toStartOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) AS month, cityHash64(person) AS pid,
  if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid,
  sum(toUInt32((toDayOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) AS dom) = 1)) AS d1, sum(toUInt32(dom = 2)) AS d2, sum(toUInt32(dom = 3)) AS d3, sum(toUInt32(dom = 4)) AS d4, sum(toUInt32(dom = 5)) AS d5, sum(toUInt32(dom = 6)) AS d6, sum(toUInt32(dom = 7)) AS d7, sum(toUInt32(dom = 8)) AS d8, sum(toUInt32(dom = 9)) AS d9, sum(toUInt32(dom = 10)) AS d10, sum(toUInt32(dom = 11)) AS d11, sum(toUInt32(dom = 12)) AS d12, sum(toUInt32(dom = 13)) AS d13, sum(toUInt32(dom = 14)) AS d14, sum(toUInt32(dom = 15)) AS d15, sum(toUInt32(dom = 16)) AS d16, sum(toUInt32(dom = 17)) AS d17, sum(toUInt32(dom = 18)) AS d18, sum(toUInt32(dom = 19)) AS d19, sum(toUInt32(dom = 20)) AS d20, sum(toUInt32(dom = 21)) AS d21, sum(toUInt32(dom = 22)) AS d22, sum(toUInt32(dom = 23)) AS d23, sum(toUInt32(dom = 24)) AS d24, sum(toUInt32(dom = 25)) AS d25, sum(toUInt32(dom = 26)) AS d26, sum(toUInt32(dom = 27)) AS d27, sum(toUInt32(dom = 28)) AS d28, sum(toUInt32(dom = 29)) AS d29, sum(toUInt32(dom = 30)) AS d30, sum(toUInt32(dom = 31)) AS d31
FROM uptake.events_local WHERE type = 'track' AND ifNull(event, '') = 'Signed In' GROUP BY project_id, month, person, account_id;

-- A cluster made before active_halves: run these three statements, then on each shard the INSERT of
-- migrations/070_active_halves.sql into uptake.active_halves_local from uptake.active_months_local.
CREATE TABLE IF NOT EXISTS uptake.active_halves_local ON CLUSTER uptake_cluster (
  project_id String, half Date, pid UInt64, aid UInt64,
  w0 AggregateFunction(groupBitOr, UInt64), w1 AggregateFunction(groupBitOr, UInt64), w2 AggregateFunction(groupBitOr, UInt64)
) ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/uptake/active_halves', '{replica}')
PARTITION BY toYYYYMM(half) ORDER BY (project_id, half, aid, pid);
CREATE TABLE IF NOT EXISTS uptake.active_halves ON CLUSTER uptake_cluster AS uptake.active_halves_local
ENGINE = Distributed(uptake_cluster, uptake, active_halves_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.active_halves_mv ON CLUSTER uptake_cluster TO uptake.active_halves_local
AS SELECT project_id, if(toMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC') AS d) <= 6, toStartOfYear(d), addMonths(toStartOfYear(d), 6)) AS half,
  cityHash64(person) AS pid, if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid,
  groupBitOrState(if((toUInt32(d) - toUInt32(half) AS o) < 64, bitShiftLeft(toUInt64(1), toUInt8(o)), toUInt64(0))) AS w0,
  groupBitOrState(if(o >= 64 AND o < 128, bitShiftLeft(toUInt64(1), toUInt8(o - 64)), toUInt64(0))) AS w1,
  groupBitOrState(if(o >= 128, bitShiftLeft(toUInt64(1), toUInt8(o - 128)), toUInt64(0))) AS w2
FROM uptake.events_local GROUP BY project_id, half, person, account_id;

CREATE TABLE IF NOT EXISTS uptake.account_days_local ON CLUSTER uptake_cluster (
  project_id String, day Date, aid UInt64, events UInt64, logins UInt64, uses UInt64
) ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/uptake/account_days', '{replica}', (events, logins, uses))
PARTITION BY toYYYYMM(day) ORDER BY (project_id, day, aid);
CREATE TABLE IF NOT EXISTS uptake.account_days ON CLUSTER uptake_cluster AS uptake.account_days_local
ENGINE = Distributed(uptake_cluster, uptake, account_days_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.account_days_mv ON CLUSTER uptake_cluster TO uptake.account_days_local
AS SELECT project_id, toDate(toDateTime(intDiv(ts, 1000)), 'UTC') AS day, cityHash64(account_id) AS aid, count() AS events,
  sum(toUInt64(type = 'track' AND ifNull(event, '') = 'Signed In')) AS logins, sum(toUInt64(feature != '')) AS uses
FROM uptake.events_local WHERE account_id != '' GROUP BY project_id, day, account_id;

CREATE TABLE IF NOT EXISTS uptake.feature_months_local ON CLUSTER uptake_cluster (
  project_id String, month Date, fid UInt64, aid UInt64, feature String,
  d1 UInt64, d2 UInt64, d3 UInt64, d4 UInt64, d5 UInt64, d6 UInt64, d7 UInt64, d8 UInt64, d9 UInt64, d10 UInt64, d11 UInt64, d12 UInt64, d13 UInt64, d14 UInt64, d15 UInt64, d16 UInt64, d17 UInt64, d18 UInt64, d19 UInt64, d20 UInt64, d21 UInt64, d22 UInt64, d23 UInt64, d24 UInt64, d25 UInt64, d26 UInt64, d27 UInt64, d28 UInt64, d29 UInt64, d30 UInt64, d31 UInt64
) ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/uptake/feature_months', '{replica}', (d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30, d31))
PARTITION BY toYYYYMM(month) ORDER BY (project_id, month, fid, aid);
CREATE TABLE IF NOT EXISTS uptake.feature_months ON CLUSTER uptake_cluster AS uptake.feature_months_local
ENGINE = Distributed(uptake_cluster, uptake, feature_months_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.feature_months_mv ON CLUSTER uptake_cluster TO uptake.feature_months_local
AS SELECT project_id, toStartOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) AS month, cityHash64(feature) AS fid,
  if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid, feature,
  sum(toUInt32((toDayOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) AS dom) = 1)) AS d1, sum(toUInt32(dom = 2)) AS d2, sum(toUInt32(dom = 3)) AS d3, sum(toUInt32(dom = 4)) AS d4, sum(toUInt32(dom = 5)) AS d5, sum(toUInt32(dom = 6)) AS d6,
  sum(toUInt32(dom = 7)) AS d7, sum(toUInt32(dom = 8)) AS d8, sum(toUInt32(dom = 9)) AS d9, sum(toUInt32(dom = 10)) AS d10, sum(toUInt32(dom = 11)) AS d11, sum(toUInt32(dom = 12)) AS d12,
  sum(toUInt32(dom = 13)) AS d13, sum(toUInt32(dom = 14)) AS d14, sum(toUInt32(dom = 15)) AS d15, sum(toUInt32(dom = 16)) AS d16, sum(toUInt32(dom = 17)) AS d17, sum(toUInt32(dom = 18)) AS d18,
  sum(toUInt32(dom = 19)) AS d19, sum(toUInt32(dom = 20)) AS d20, sum(toUInt32(dom = 21)) AS d21, sum(toUInt32(dom = 22)) AS d22, sum(toUInt32(dom = 23)) AS d23, sum(toUInt32(dom = 24)) AS d24,
  sum(toUInt32(dom = 25)) AS d25, sum(toUInt32(dom = 26)) AS d26, sum(toUInt32(dom = 27)) AS d27, sum(toUInt32(dom = 28)) AS d28, sum(toUInt32(dom = 29)) AS d29, sum(toUInt32(dom = 30)) AS d30,
  sum(toUInt32(dom = 31)) AS d31
FROM uptake.events_local WHERE feature != '' GROUP BY project_id, month, feature, account_id;

CREATE TABLE IF NOT EXISTS uptake.accounts_local ON CLUSTER uptake_cluster (
  project_id String, account_id String, first_ts AggregateFunction(min, Int64), last_ts AggregateFunction(max, Int64),
  last_login AggregateFunction(max, Int64)
) ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/uptake/accounts', '{replica}') ORDER BY (project_id, account_id);
CREATE TABLE IF NOT EXISTS uptake.accounts ON CLUSTER uptake_cluster AS uptake.accounts_local
ENGINE = Distributed(uptake_cluster, uptake, accounts_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.accounts_mv ON CLUSTER uptake_cluster TO uptake.accounts_local
AS SELECT project_id, account_id, minState(ts) AS first_ts, maxState(ts) AS last_ts,
  maxState(if(type = 'track' AND ifNull(event, '') = 'Signed In', ts, toInt64(0))) AS last_login
FROM uptake.events_local WHERE account_id != '' GROUP BY project_id, account_id;

CREATE TABLE IF NOT EXISTS uptake.persons_local ON CLUSTER uptake_cluster (
  project_id String, person String, first_ts AggregateFunction(min, Int64), last_ts AggregateFunction(max, Int64),
  pid UInt64 DEFAULT cityHash64(person)
) ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/uptake/persons', '{replica}') ORDER BY (project_id, person);
CREATE TABLE IF NOT EXISTS uptake.persons ON CLUSTER uptake_cluster AS uptake.persons_local
ENGINE = Distributed(uptake_cluster, uptake, persons_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.persons_pid_mv ON CLUSTER uptake_cluster TO uptake.persons_local
AS SELECT project_id, person, cityHash64(person) AS pid, minState(ts) AS first_ts, maxState(ts) AS last_ts
FROM uptake.events_local GROUP BY project_id, person;

CREATE TABLE IF NOT EXISTS uptake.marked_events_local ON CLUSTER uptake_cluster (
  project_id String, event String, day Date, ts Int64, person String, account_id String, message_id String, properties String
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/uptake/marked_events', '{replica}')
PARTITION BY toYYYYMM(day) ORDER BY (project_id, event, day, person, message_id);
CREATE TABLE IF NOT EXISTS uptake.marked_events ON CLUSTER uptake_cluster AS uptake.marked_events_local
ENGINE = Distributed(uptake_cluster, uptake, marked_events_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.marked_events_mv ON CLUSTER uptake_cluster TO uptake.marked_events_local
AS SELECT project_id, assumeNotNull(event) AS event, toDate(toDateTime(intDiv(ts, 1000)), 'UTC') AS day, ts, person, account_id,
  message_id, properties
FROM uptake.events_local
WHERE type = 'track' AND ifNull(event, '') IN ('Survey Shown', 'Survey Dismissed', 'Survey Responded',
  'Checklist Item Completed', 'Checklist Completed', 'Account Renewed', 'Account Churned');

-- Small tables: replicated whole to every server (one ZooKeeper path for all), read locally.
CREATE TABLE IF NOT EXISTS uptake.identities ON CLUSTER uptake_cluster (
  project_id String, anonymous_id String, user_id String, seq UInt64, late UInt8 DEFAULT 1,
  rank UInt64 MATERIALIZED toUInt64(18446744073709551615) - seq
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/uptake/identities', '{replica}', rank) ORDER BY (project_id, anonymous_id);

CREATE TABLE IF NOT EXISTS uptake.user_traits ON CLUSTER uptake_cluster (
  project_id String, actor String, key String, value String, json String, is_null UInt8, seq UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/uptake/user_traits', '{replica}', seq) ORDER BY (project_id, actor, key);

CREATE TABLE IF NOT EXISTS uptake.account_traits ON CLUSTER uptake_cluster (
  project_id String, account_id String, key String, value String, json String, is_null UInt8, seq UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/uptake/account_traits', '{replica}', seq) ORDER BY (project_id, account_id, key);

CREATE TABLE IF NOT EXISTS uptake.memberships ON CLUSTER uptake_cluster (
  project_id String, actor String, account_id String, seq UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/uptake/memberships', '{replica}', seq) ORDER BY (project_id, actor);

CREATE TABLE IF NOT EXISTS uptake.projects ON CLUSTER uptake_cluster (
  id String, name String, write_key String, secret_key_hash String, settings String, created_at Int64, version UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/uptake/projects', '{replica}', version) ORDER BY id;

CREATE TABLE IF NOT EXISTS uptake.widget_definitions ON CLUSTER uptake_cluster (
  project_id String, kind String, id String, body String, archived UInt8, created_at Int64, updated_at Int64, version UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/uptake/widget_definitions', '{replica}', version) ORDER BY (project_id, kind, id);

CREATE TABLE IF NOT EXISTS uptake.webhooks ON CLUSTER uptake_cluster (
  project_id String, id String, url String, secret String, events String, created_at Int64, deleted UInt8, version UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/uptake/webhooks', '{replica}', version) ORDER BY (project_id, id);

CREATE TABLE IF NOT EXISTS uptake.alerts_fired ON CLUSTER uptake_cluster (
  project_id String, account_id String, reason String, day String, fired_at Int64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/uptake/alerts_fired', '{replica}') ORDER BY (project_id, account_id, reason, day);

-- Rotated write keys (migration 030): every collector must see a rotation or a revocation, whichever server it
-- asks, so the table is whole on every server like projects.
CREATE TABLE IF NOT EXISTS uptake.retired_write_keys ON CLUSTER uptake_cluster (
  write_key String, project_id String, expires_at Int64, version UInt64
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/uptake/retired_write_keys', '{replica}', version) ORDER BY write_key;

-- Events dropped on purpose (migration 030). Two collectors often insert the very same block ("one event
-- dropped as unverified today"), and replication would keep only the first of identical blocks: a
-- deduplication window of 0 keeps every insert, so the sums stay whole.
CREATE TABLE IF NOT EXISTS uptake.drop_counts ON CLUSTER uptake_cluster (
  project_id String, day Date, reason String, count UInt64
) ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/all/uptake/drop_counts', '{replica}', count)
ORDER BY (project_id, day, reason) SETTINGS replicated_deduplication_window = 0;

-- Mark the single-server migrations as applied, so collectors do not create plain tables beside these.
CREATE TABLE IF NOT EXISTS uptake.schema_migrations ON CLUSTER uptake_cluster (name String, applied_at Int64)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/uptake/schema_migrations', '{replica}') ORDER BY name;
INSERT INTO uptake.schema_migrations VALUES ('001_init.sql', 0), ('002_config.sql', 0), ('030_privacy.sql', 0), ('040_rollups.sql', 0),
  ('050_int_keys.sql', 0), ('060_login_months.sql', 0), ('070_active_halves.sql', 0);
