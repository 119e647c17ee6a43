-- `Signed In` per person, account (aid 0: none) and UTC month, d1…d31 counting them per day of the month. The logins
-- route in UTC days read every hour row of activity_hours in its range (one per person, account and hour with any
-- event: 1.1 M rows for 90 days over 10 M events) to keep the 0.7 M with a login; here a person has one row per
-- account and month, and a bucket's logins are a sum of its day columns (like feature_months).
CREATE TABLE IF NOT EXISTS {db}.login_months (
  project_id String,
  month Date,
  pid UInt64,
  aid UInt64,
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
ORDER BY (project_id, month, pid, aid);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.login_months_mv TO {db}.login_months
AS SELECT project_id, toStartOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) AS month, cityHash64(person) AS pid,
  if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid,
  sum(toUInt32((toDayOfMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC')) AS dom) = 1)) AS d1, sum(toUInt32(dom = 2)) AS d2, sum(toUInt32(dom = 3)) AS d3, sum(toUInt32(dom = 4)) AS d4, sum(toUInt32(dom = 5)) AS d5, sum(toUInt32(dom = 6)) AS d6, sum(toUInt32(dom = 7)) AS d7, sum(toUInt32(dom = 8)) AS d8, sum(toUInt32(dom = 9)) AS d9, sum(toUInt32(dom = 10)) AS d10, sum(toUInt32(dom = 11)) AS d11, sum(toUInt32(dom = 12)) AS d12, sum(toUInt32(dom = 13)) AS d13, sum(toUInt32(dom = 14)) AS d14, sum(toUInt32(dom = 15)) AS d15, sum(toUInt32(dom = 16)) AS d16, sum(toUInt32(dom = 17)) AS d17, sum(toUInt32(dom = 18)) AS d18, sum(toUInt32(dom = 19)) AS d19, sum(toUInt32(dom = 20)) AS d20, sum(toUInt32(dom = 21)) AS d21, sum(toUInt32(dom = 22)) AS d22, sum(toUInt32(dom = 23)) AS d23, sum(toUInt32(dom = 24)) AS d24, sum(toUInt32(dom = 25)) AS d25, sum(toUInt32(dom = 26)) AS d26, sum(toUInt32(dom = 27)) AS d27, sum(toUInt32(dom = 28)) AS d28, sum(toUInt32(dom = 29)) AS d29, sum(toUInt32(dom = 30)) AS d30, sum(toUInt32(dom = 31)) AS d31
FROM {db}.events WHERE type = 'track' AND ifNull(event, '') = 'Signed In'
GROUP BY project_id, month, person, account_id;

-- Sign-ins stored before this migration, once (an empty rollup is the sign that it has not run yet).
INSERT INTO {db}.login_months (project_id, month, pid, aid, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30, d31)
SELECT project_id, toStartOfMonth(day) AS month, cityHash64(person), if(account_id = '', toUInt64(0), cityHash64(account_id)),
  sum(toUInt32(toDayOfMonth(day) = 1)), sum(toUInt32(toDayOfMonth(day) = 2)), sum(toUInt32(toDayOfMonth(day) = 3)), sum(toUInt32(toDayOfMonth(day) = 4)), sum(toUInt32(toDayOfMonth(day) = 5)), sum(toUInt32(toDayOfMonth(day) = 6)), sum(toUInt32(toDayOfMonth(day) = 7)), sum(toUInt32(toDayOfMonth(day) = 8)), sum(toUInt32(toDayOfMonth(day) = 9)), sum(toUInt32(toDayOfMonth(day) = 10)), sum(toUInt32(toDayOfMonth(day) = 11)), sum(toUInt32(toDayOfMonth(day) = 12)), sum(toUInt32(toDayOfMonth(day) = 13)), sum(toUInt32(toDayOfMonth(day) = 14)), sum(toUInt32(toDayOfMonth(day) = 15)), sum(toUInt32(toDayOfMonth(day) = 16)), sum(toUInt32(toDayOfMonth(day) = 17)), sum(toUInt32(toDayOfMonth(day) = 18)), sum(toUInt32(toDayOfMonth(day) = 19)), sum(toUInt32(toDayOfMonth(day) = 20)), sum(toUInt32(toDayOfMonth(day) = 21)), sum(toUInt32(toDayOfMonth(day) = 22)), sum(toUInt32(toDayOfMonth(day) = 23)), sum(toUInt32(toDayOfMonth(day) = 24)), sum(toUInt32(toDayOfMonth(day) = 25)), sum(toUInt32(toDayOfMonth(day) = 26)), sum(toUInt32(toDayOfMonth(day) = 27)), sum(toUInt32(toDayOfMonth(day) = 28)), sum(toUInt32(toDayOfMonth(day) = 29)), sum(toUInt32(toDayOfMonth(day) = 30)), sum(toUInt32(toDayOfMonth(day) = 31))
FROM {db}.events WHERE type = 'track' AND ifNull(event, '') = 'Signed In' AND (SELECT count() FROM {db}.login_months) = 0
GROUP BY project_id, month, person, account_id;
