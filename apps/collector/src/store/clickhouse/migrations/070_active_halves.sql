-- Which UTC days each person was active under each account, per half year (from Jan 1 and Jul 1): day o of the
-- half is bit o % 64 of word w{o / 64}. The account windows' people (alerts, the accounts list) read 31 weeks
-- ending on the as-of day: 2.0 M active_months rows over 100 M events, 0.65 M of these once merged (1.02 M
-- in the parts a load left), with one person's 31 weeks in at most two rows instead of eight.
CREATE TABLE IF NOT EXISTS {db}.active_halves (
  project_id String,
  half Date,
  pid UInt64,
  aid UInt64,
  w0 AggregateFunction(groupBitOr, UInt64),
  w1 AggregateFunction(groupBitOr, UInt64),
  w2 AggregateFunction(groupBitOr, UInt64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(half)
ORDER BY (project_id, half, aid, pid);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.active_halves_mv TO {db}.active_halves
AS SELECT project_id, if(toMonth(toDate(toDateTime(intDiv(ts, 1000)), 'UTC') AS d) <= 6, toStartOfYear(d), addMonths(toStartOfYear(d), 6)) AS half,
  cityHash64(person) AS pid, if(account_id = '', toUInt64(0), cityHash64(account_id)) AS aid,
  groupBitOrState(if((toUInt32(d) - toUInt32(half) AS o) < 64, bitShiftLeft(toUInt64(1), toUInt8(o)), toUInt64(0))) AS w0,
  groupBitOrState(if(o >= 64 AND o < 128, bitShiftLeft(toUInt64(1), toUInt8(o - 64)), toUInt64(0))) AS w1,
  groupBitOrState(if(o >= 128, bitShiftLeft(toUInt64(1), toUInt8(o - 128)), toUInt64(0))) AS w2
FROM {db}.events
GROUP BY project_id, half, person, account_id;

-- Days stored before this migration, from active_months: each month's 31-bit mask shifted to its place in the
-- half, its high days spilling into the next word (a month from day 34 on reaches past bit 63; shifts stay under
-- 64, which would wrap). An OR is idempotent, so days the view also wrote meanwhile are not counted twice.
INSERT INTO {db}.active_halves (project_id, half, pid, aid, w0, w1, w2)
SELECT project_id, half, pid, aid,
  groupBitOrState(if(o < 64, bitShiftLeft(m, toUInt8(o)), toUInt64(0))),
  groupBitOrState(multiIf(o >= 64 AND o < 128, bitShiftLeft(m, toUInt8(o - 64)), o > 33 AND o < 64, bitShiftRight(m, toUInt8(64 - o)), toUInt64(0))),
  groupBitOrState(multiIf(o >= 128, bitShiftLeft(m, toUInt8(o - 128)), o > 97 AND o < 128, bitShiftRight(m, toUInt8(128 - o)), toUInt64(0)))
FROM (
  SELECT project_id, if(toMonth(month) <= 6, toStartOfYear(month), addMonths(toStartOfYear(month), 6)) AS half,
    toUInt32(month) - toUInt32(half) AS o, pid, aid, toUInt64(finalizeAggregation(days)) AS m
  FROM {db}.active_months
)
GROUP BY project_id, half, pid, aid;
