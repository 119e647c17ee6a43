-- Rollups keyed by numbers. On 18.16 a GROUP BY or uniqExact over a String key (a person, an account, a
-- feature) took 3 to 7 times as long as the same over a UInt64, so the rollups carry 64-bit hashes of those
-- strings (pid = cityHash64(person), aid = cityHash64(account_id) or 0 for none, fid = cityHash64(feature))
-- and readers group by them, naming the strings only in the few rows of an answer. Two persons share a pid
-- only by a hash collision: for n persons in a project the chance that any two collide is about n² / 2^65
-- (one in 37 million at a million persons). ClickHouse's own uniqExact over strings is 128-bit hash based.

-- Per project, UTC hour, person and account: events, `Signed In` events and `Feature Used` events, as plain
-- sums (SummingMergeTree), so reads need no finalizeAggregation. account_id rides along for answers that
-- name the account; every row of an aid has the same one.
CREATE TABLE IF NOT EXISTS {db}.activity_hours (
  project_id String,
  hour DateTime,
  pid UInt64,
  aid UInt64,
  account_id String,
  events UInt64,
  logins UInt64,
  uses UInt64
) ENGINE = SummingMergeTree((events, logins, uses))
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, pid, aid);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.activity_hours_mv TO {db}.activity_hours
AS SELECT project_id, toStartOfHour(toDateTime(intDiv(ts, 1000))) AS hour, cityHash64(person) AS pid,
  if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid, account_id,
  count() AS events, sum(toUInt64(type = 'track' AND ifNull(event, '') = 'Signed In')) AS logins,
  sum(toUInt64(feature != '')) AS uses
FROM {db}.events
GROUP BY project_id, hour, person, account_id;

-- `Feature Used` per project, UTC hour, feature, person and account.
CREATE TABLE IF NOT EXISTS {db}.feature_hours (
  project_id String,
  hour DateTime,
  fid UInt64,
  pid UInt64,
  aid UInt64,
  feature String,
  account_id String,
  uses UInt64
) ENGINE = SummingMergeTree(uses)
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, fid, pid, aid);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.feature_hours_mv TO {db}.feature_hours
AS SELECT project_id, toStartOfHour(toDateTime(intDiv(ts, 1000))) AS hour, cityHash64(feature) AS fid, cityHash64(person) AS pid,
  if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid, feature, account_id, count() AS uses
FROM {db}.events WHERE feature != ''
GROUP BY project_id, hour, feature, person, account_id;

-- Which UTC days each person was active, per account and month: one row per (person, account, month) with
-- a 31-bit day mask, about twenty times fewer rows than the hours. Who was active on which days (active
-- users, account windows) reads these in UTC; other zones read the hours.
CREATE TABLE IF NOT EXISTS {db}.active_months (
  project_id String,
  month Date,
  pid UInt64,
  aid UInt64,
  days AggregateFunction(groupBitOr, UInt32)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(month)
ORDER BY (project_id, month, pid, aid);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.active_months_mv TO {db}.active_months
AS SELECT project_id, toStartOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) AS month, cityHash64(person) AS pid,
  if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid,
  groupBitOrState(toUInt32(bitShiftLeft(toUInt32(1), toDayOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) - 1))) AS days
FROM {db}.events
GROUP BY project_id, month, person, account_id;

-- Per account and UTC day: events, `Signed In` events and `Feature Used` events (the account windows' sums).
CREATE TABLE IF NOT EXISTS {db}.account_days (
  project_id String,
  day Date,
  aid UInt64,
  events UInt64,
  logins UInt64,
  uses UInt64
) ENGINE = SummingMergeTree((events, logins, uses))
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, day, aid);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.account_days_mv TO {db}.account_days
AS SELECT project_id, toDate(toDateTime(intDiv(ts, 1000)), 'UTC') AS day, cityHash64(account_id) AS aid, count() AS events,
  sum(toUInt64(type = 'track' AND ifNull(event, '') = 'Signed In')) AS logins, sum(toUInt64(feature != '')) AS uses
FROM {db}.events WHERE account_id != ''
GROUP BY project_id, day, account_id;

-- `Feature Used` per feature, account (aid 0: none) and UTC month, d1…d31 counting them per day of the month:
-- uses per account and feature, and per feature and day, from a few rows per month. Plain columns summed on
-- merge (SummingMergeTree): reading aggregate states back (sumForEach) cost more than the rest of the query.
CREATE TABLE IF NOT EXISTS {db}.feature_months (
  project_id String,
  month Date,
  fid UInt64,
  aid UInt64,
  feature String,
  d1 UInt64,
  d2 UInt64,
  d3 UInt64,
  d4 UInt64,
  d5 UInt64,
  d6 UInt64,
  d7 UInt64,
  d8 UInt64,
  d9 UInt64,
  d10 UInt64,
  d11 UInt64,
  d12 UInt64,
  d13 UInt64,
  d14 UInt64,
  d15 UInt64,
  d16 UInt64,
  d17 UInt64,
  d18 UInt64,
  d19 UInt64,
  d20 UInt64,
  d21 UInt64,
  d22 UInt64,
  d23 UInt64,
  d24 UInt64,
  d25 UInt64,
  d26 UInt64,
  d27 UInt64,
  d28 UInt64,
  d29 UInt64,
  d30 UInt64,
  d31 UInt64
) ENGINE = SummingMergeTree((d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30, d31))
PARTITION BY toYYYYMM(month)
ORDER BY (project_id, month, fid, aid);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.feature_months_mv TO {db}.feature_months
AS SELECT project_id, toStartOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) AS month, cityHash64(feature) AS fid,
  if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid, feature,
  sum(toUInt32((toDayOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) AS dom) = 1)) AS d1, sum(toUInt32(dom = 2)) AS d2, sum(toUInt32(dom = 3)) AS d3, sum(toUInt32(dom = 4)) AS d4, sum(toUInt32(dom = 5)) AS d5, sum(toUInt32(dom = 6)) AS d6,
  sum(toUInt32(dom = 7)) AS d7, sum(toUInt32(dom = 8)) AS d8, sum(toUInt32(dom = 9)) AS d9, sum(toUInt32(dom = 10)) AS d10, sum(toUInt32(dom = 11)) AS d11, sum(toUInt32(dom = 12)) AS d12,
  sum(toUInt32(dom = 13)) AS d13, sum(toUInt32(dom = 14)) AS d14, sum(toUInt32(dom = 15)) AS d15, sum(toUInt32(dom = 16)) AS d16, sum(toUInt32(dom = 17)) AS d17, sum(toUInt32(dom = 18)) AS d18,
  sum(toUInt32(dom = 19)) AS d19, sum(toUInt32(dom = 20)) AS d20, sum(toUInt32(dom = 21)) AS d21, sum(toUInt32(dom = 22)) AS d22, sum(toUInt32(dom = 23)) AS d23, sum(toUInt32(dom = 24)) AS d24,
  sum(toUInt32(dom = 25)) AS d25, sum(toUInt32(dom = 26)) AS d26, sum(toUInt32(dom = 27)) AS d27, sum(toUInt32(dom = 28)) AS d28, sum(toUInt32(dom = 29)) AS d29, sum(toUInt32(dom = 30)) AS d30,
  sum(toUInt32(dom = 31)) AS d31
FROM {db}.events WHERE feature != ''
GROUP BY project_id, month, feature, account_id;

-- Per account, all time: first and latest event, and the latest `Signed In` (0 if none), by primary key.
CREATE TABLE IF NOT EXISTS {db}.accounts (
  project_id String,
  account_id String,
  first_ts AggregateFunction(min, Int64),
  last_ts AggregateFunction(max, Int64),
  last_login AggregateFunction(max, Int64)
) ENGINE = AggregatingMergeTree ORDER BY (project_id, account_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.accounts_mv TO {db}.accounts
AS SELECT project_id, account_id, minState(ts) AS first_ts, maxState(ts) AS last_ts,
  maxState(if(type = 'track' AND ifNull(event, '') = 'Signed In', ts, toInt64(0))) AS last_login
FROM {db}.events WHERE account_id != ''
GROUP BY project_id, account_id;

-- The persons rollup names pids back. Its view must write every column, so a new one writes pid and the
-- old one goes; min and max states are the same if both count a few events twice in between.
ALTER TABLE {db}.persons ADD COLUMN pid UInt64 DEFAULT cityHash64(person);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.persons_pid_mv TO {db}.persons
AS SELECT project_id, person, cityHash64(person) AS pid, minState(ts) AS first_ts, maxState(ts) AS last_ts
FROM {db}.events GROUP BY project_id, person;

DROP TABLE IF EXISTS {db}.persons_mv;

-- Events stored before this migration, once (an empty rollup is the sign that it has not run yet). Read
-- from the events rather than the old rollups, so a second collector running this file finds them still there.
INSERT INTO {db}.activity_hours
SELECT project_id, toStartOfHour(toDateTime(intDiv(ts, 1000))) AS hour, cityHash64(person),
  if(account_id = '', toUInt64(0), cityHash64(account_id)), account_id,
  count(), sum(toUInt64(type = 'track' AND ifNull(event, '') = 'Signed In')), sum(toUInt64(feature != ''))
FROM {db}.events WHERE (SELECT count() FROM {db}.activity_hours) = 0
GROUP BY project_id, hour, person, account_id;

INSERT INTO {db}.feature_hours
SELECT project_id, toStartOfHour(toDateTime(intDiv(ts, 1000))) AS hour, cityHash64(feature), cityHash64(person),
  if(account_id = '', toUInt64(0), cityHash64(account_id)), feature, account_id, count()
FROM {db}.events WHERE feature != '' AND (SELECT count() FROM {db}.feature_hours) = 0
GROUP BY project_id, hour, feature, person, account_id;

INSERT INTO {db}.active_months
SELECT project_id, toStartOfMonth(day) AS month, cityHash64(person), if(account_id = '', toUInt64(0), cityHash64(account_id)),
  groupBitOrState(toUInt32(bitShiftLeft(toUInt32(1), toDayOfMonth(day) - 1)))
FROM {db}.events WHERE (SELECT count() FROM {db}.active_months) = 0
GROUP BY project_id, month, person, account_id;

INSERT INTO {db}.account_days
SELECT project_id, day, cityHash64(account_id), count(), sum(toUInt64(type = 'track' AND ifNull(event, '') = 'Signed In')),
  sum(toUInt64(feature != ''))
FROM {db}.events WHERE account_id != '' AND (SELECT count() FROM {db}.account_days) = 0
GROUP BY project_id, day, account_id;

INSERT INTO {db}.feature_months (project_id, month, fid, aid, feature, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30, d31)
SELECT project_id, toStartOfMonth(day) AS month, cityHash64(feature), if(account_id = '', toUInt64(0), cityHash64(account_id)), feature,
  sum(toUInt32(toDayOfMonth(day) = 1)), sum(toUInt32(toDayOfMonth(day) = 2)), sum(toUInt32(toDayOfMonth(day) = 3)), sum(toUInt32(toDayOfMonth(day) = 4)), sum(toUInt32(toDayOfMonth(day) = 5)), sum(toUInt32(toDayOfMonth(day) = 6)), sum(toUInt32(toDayOfMonth(day) = 7)), sum(toUInt32(toDayOfMonth(day) = 8)), sum(toUInt32(toDayOfMonth(day) = 9)), sum(toUInt32(toDayOfMonth(day) = 10)), sum(toUInt32(toDayOfMonth(day) = 11)), sum(toUInt32(toDayOfMonth(day) = 12)), sum(toUInt32(toDayOfMonth(day) = 13)), sum(toUInt32(toDayOfMonth(day) = 14)), sum(toUInt32(toDayOfMonth(day) = 15)), sum(toUInt32(toDayOfMonth(day) = 16)), sum(toUInt32(toDayOfMonth(day) = 17)), sum(toUInt32(toDayOfMonth(day) = 18)), sum(toUInt32(toDayOfMonth(day) = 19)), sum(toUInt32(toDayOfMonth(day) = 20)), sum(toUInt32(toDayOfMonth(day) = 21)), sum(toUInt32(toDayOfMonth(day) = 22)), sum(toUInt32(toDayOfMonth(day) = 23)), sum(toUInt32(toDayOfMonth(day) = 24)), sum(toUInt32(toDayOfMonth(day) = 25)), sum(toUInt32(toDayOfMonth(day) = 26)), sum(toUInt32(toDayOfMonth(day) = 27)), sum(toUInt32(toDayOfMonth(day) = 28)), sum(toUInt32(toDayOfMonth(day) = 29)), sum(toUInt32(toDayOfMonth(day) = 30)), sum(toUInt32(toDayOfMonth(day) = 31))
FROM {db}.events WHERE feature != '' AND (SELECT count() FROM {db}.feature_months) = 0
GROUP BY project_id, month, feature, account_id;

INSERT INTO {db}.accounts
SELECT project_id, account_id, minState(ts), maxState(ts), maxState(if(type = 'track' AND ifNull(event, '') = 'Signed In', ts, toInt64(0)))
FROM {db}.events WHERE account_id != '' AND (SELECT count() FROM {db}.accounts) = 0
GROUP BY project_id, account_id;

-- The rollups these replace.
DROP TABLE IF EXISTS {db}.activity_mv;
DROP TABLE IF EXISTS {db}.feature_uses_mv;
DROP TABLE IF EXISTS {db}.activity;
DROP TABLE IF EXISTS {db}.feature_uses;
