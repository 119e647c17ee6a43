-- Uptake on a ClickHouse cluster: shards for size, replicas for durability. Run once, with
-- clickhouse-client --multiquery < distributed.sql, after replacing:
--   uptake_cluster  the cluster name in <remote_servers> of every server's config
--   {shard} {replica} the macros every server defines in <macros> (ZooKeeper is required for replication)
--   uptake          the database (UPTAKE_CLICKHOUSE_DATABASE)
--
-- Layout: each server holds `*_local` tables (ReplicatedMergeTree family); the names the collector
-- uses (events, user_days, identities, …) are Distributed tables over them, so the collector's SQL does
-- not change. Events are sharded by person (user id, else anonymous id), so one person's days live on
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
  day Date MATERIALIZED toDate(toDateTime(intDiv(ts, 1000)), 'UTC')
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/uptake/events', '{replica}')
PARTITION BY toYYYYMM(day) ORDER BY (project_id, day, user_id, message_id);

CREATE TABLE IF NOT EXISTS uptake.events ON CLUSTER uptake_cluster AS uptake.events_local
ENGINE = Distributed(uptake_cluster, uptake, events_local, cityHash64(project_id, if(user_id != '', user_id, anonymous_id)));

CREATE TABLE IF NOT EXISTS uptake.message_ids_local ON CLUSTER uptake_cluster (project_id String, message_id String)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/uptake/message_ids', '{replica}')
ORDER BY (project_id, message_id) SETTINGS index_granularity = 1024;
CREATE TABLE IF NOT EXISTS uptake.message_ids ON CLUSTER uptake_cluster AS uptake.message_ids_local
ENGINE = Distributed(uptake_cluster, uptake, message_ids_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.message_ids_mv ON CLUSTER uptake_cluster TO uptake.message_ids_local
AS SELECT project_id, message_id FROM uptake.events_local;

CREATE TABLE IF NOT EXISTS uptake.user_days_local ON CLUSTER uptake_cluster (
  project_id String, day Date, user_id String, anon_id String,
  events AggregateFunction(count), first_ts AggregateFunction(min, Int64), last_ts AggregateFunction(max, Int64)
) ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/uptake/user_days', '{replica}')
PARTITION BY toYYYYMM(day) ORDER BY (project_id, day, user_id, anon_id);
CREATE TABLE IF NOT EXISTS uptake.user_days ON CLUSTER uptake_cluster AS uptake.user_days_local
ENGINE = Distributed(uptake_cluster, uptake, user_days_local, rand());
CREATE MATERIALIZED VIEW IF NOT EXISTS uptake.user_days_mv ON CLUSTER uptake_cluster TO uptake.user_days_local
AS SELECT project_id, day, user_id, if(user_id = '', anonymous_id, '') AS anon_id,
  countState() AS events, minState(ts) AS first_ts, maxState(ts) AS last_ts
FROM uptake.events_local GROUP BY project_id, day, user_id, anon_id;

-- Small tables: replicated whole to every server (one ZooKeeper path for all), read locally.
CREATE TABLE IF NOT EXISTS uptake.identities ON CLUSTER uptake_cluster (
  project_id String, anonymous_id String, user_id String, seq UInt64,
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

-- Mark the single-server migrations as applied, so collectors do not create plain tables beside these.
CREATE TABLE IF NOT EXISTS uptake.schema_migrations ON CLUSTER uptake_cluster (name String, applied_at Int64)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/uptake/schema_migrations', '{replica}') ORDER BY name;
INSERT INTO uptake.schema_migrations VALUES ('001_init.sql', 0), ('002_config.sql', 0);
