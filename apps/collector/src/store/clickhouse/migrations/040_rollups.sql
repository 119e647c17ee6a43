-- Rollups that let every query route read thousands of rows instead of scanning raw events, with identity
-- already resolved. Each is filled by a materialized view inside the same INSERT as the events.
--
-- `person` is resolved when the event is appended: its userId, else the user its anonymous id is already
-- tied to (ties made later in the same batch included), else the anonymous id. A visitor tied to a user
-- after some of their events were stored under the anonymous id is a "late" tie (identities.late = 1):
-- readers map those few persons to the user (queries.ts resolve()), so nothing stored is ever rewritten.
-- Rows written before this migration get person = userId else anonymous id, and every older tie counts
-- as late, so old data reads the same as before.
ALTER TABLE {db}.events ADD COLUMN person String DEFAULT if(user_id != '', user_id, anonymous_id);

ALTER TABLE {db}.identities ADD COLUMN late UInt8 DEFAULT 1;

-- One row per project, UTC hour, person and account. Hours (not days) so that local days in any time zone
-- whose midnights fall on a whole UTC hour are unions of rows; other zones read raw events.
CREATE TABLE IF NOT EXISTS {db}.activity (
  project_id String,
  hour DateTime,
  person String,
  account_id String,
  events AggregateFunction(count),
  logins AggregateFunction(sum, UInt64),
  uses AggregateFunction(sum, UInt64),
  first_ts AggregateFunction(min, Int64),
  last_ts AggregateFunction(max, Int64),
  last_login AggregateFunction(max, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, person, account_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.activity_mv TO {db}.activity
AS SELECT project_id, toStartOfHour(toDateTime(intDiv(ts, 1000))) AS hour, person, account_id,
  countState() AS events,
  sumState(toUInt64(type = 'track' AND ifNull(event, '') = 'Signed In')) AS logins,
  sumState(toUInt64(feature != '')) AS uses,
  minState(ts) AS first_ts, maxState(ts) AS last_ts,
  maxState(if(type = 'track' AND ifNull(event, '') = 'Signed In', ts, toInt64(0))) AS last_login
FROM {db}.events
GROUP BY project_id, hour, person, account_id;

-- `Feature Used` per project, UTC hour, feature, person and account.
CREATE TABLE IF NOT EXISTS {db}.feature_uses (
  project_id String,
  hour DateTime,
  feature String,
  person String,
  account_id String,
  uses UInt64
) ENGINE = SummingMergeTree(uses)
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, feature, person, account_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.feature_uses_mv TO {db}.feature_uses
AS SELECT project_id, toStartOfHour(toDateTime(intDiv(ts, 1000))) AS hour, feature, person, account_id, count() AS uses
FROM {db}.events WHERE feature != ''
GROUP BY project_id, hour, feature, person, account_id;

-- A person's first and latest event ever (retention cohorts, checklist timing, widget targeting, an
-- account's people), by primary key.
CREATE TABLE IF NOT EXISTS {db}.persons (
  project_id String,
  person String,
  first_ts AggregateFunction(min, Int64),
  last_ts AggregateFunction(max, Int64)
) ENGINE = AggregatingMergeTree ORDER BY (project_id, person);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.persons_mv TO {db}.persons
AS SELECT project_id, person, minState(ts) AS first_ts, maxState(ts) AS last_ts FROM {db}.events GROUP BY project_id, person;

-- The few events routes read one by one (surveys, checklists, renewals), with their properties, keyed by
-- name so a route reads only its own. The key ends in message_id, like the events table's.
CREATE TABLE IF NOT EXISTS {db}.marked_events (
  project_id String,
  event String,
  day Date,
  ts Int64,
  person String,
  account_id String,
  message_id String,
  properties String
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (project_id, event, day, person, message_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.marked_events_mv TO {db}.marked_events
AS SELECT project_id, assumeNotNull(event) AS event, toDate(toDateTime(intDiv(ts, 1000)), 'UTC') AS day, ts, person, account_id,
  message_id, properties
FROM {db}.events
WHERE type = 'track' AND ifNull(event, '') IN ('Survey Shown', 'Survey Dismissed', 'Survey Responded',
  'Checklist Item Completed', 'Checklist Completed', 'Account Renewed', 'Account Churned');

-- user_days is read by nothing any more (activity and persons replace it); its view would only slow inserts.
DROP TABLE IF EXISTS {db}.user_days_mv;
DROP TABLE IF EXISTS {db}.user_days;

-- Events stored before this migration, once (an empty rollup is the sign that it has not run yet).
INSERT INTO {db}.activity
SELECT project_id, toStartOfHour(toDateTime(intDiv(ts, 1000))) AS hour, person, account_id,
  countState(), sumState(toUInt64(type = 'track' AND ifNull(event, '') = 'Signed In')), sumState(toUInt64(feature != '')),
  minState(ts), maxState(ts), maxState(if(type = 'track' AND ifNull(event, '') = 'Signed In', ts, toInt64(0)))
FROM {db}.events WHERE (SELECT count() FROM {db}.activity) = 0
GROUP BY project_id, hour, person, account_id;

INSERT INTO {db}.feature_uses
SELECT project_id, toStartOfHour(toDateTime(intDiv(ts, 1000))) AS hour, feature, person, account_id, count()
FROM {db}.events WHERE feature != '' AND (SELECT count() FROM {db}.feature_uses) = 0
GROUP BY project_id, hour, feature, person, account_id;

INSERT INTO {db}.persons
SELECT project_id, person, minState(ts), maxState(ts) FROM {db}.events WHERE (SELECT count() FROM {db}.persons) = 0 GROUP BY project_id, person;

INSERT INTO {db}.marked_events
SELECT project_id, assumeNotNull(event), toDate(toDateTime(intDiv(ts, 1000)), 'UTC'), ts, person, account_id, message_id, properties
FROM {db}.events
WHERE type = 'track' AND ifNull(event, '') IN ('Survey Shown', 'Survey Dismissed', 'Survey Responded',
  'Checklist Item Completed', 'Checklist Completed', 'Account Renewed', 'Account Churned')
  AND (SELECT count() FROM {db}.marked_events) = 0;
