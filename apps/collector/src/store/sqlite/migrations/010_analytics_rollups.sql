-- Rollups kept at append time for the query API, so a 90-day question reads rollup rows, not raw events.
-- Each row carries `prev`: the previous UTC day with a row for the same chain (same actor, same key, ...),
-- or NULL. "Distinct X in [a, b]" is then a plain count of the rows in [a, b] with prev < a (or NULL),
-- which needs neither COUNT(DISTINCT) nor a sort.

-- Per actor and UTC day with any event (user_days plus its chain).
CREATE TABLE actor_days (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  actor TEXT NOT NULL,
  n INTEGER NOT NULL,
  prev INTEGER,
  PRIMARY KEY (project_id, day, actor)
) WITHOUT ROWID;
CREATE INDEX actor_days_chain ON actor_days (project_id, actor, day);
-- DAU, WAU and MAU read (day, prev) in order from this index alone.
CREATE INDEX actor_days_gaps ON actor_days (project_id, day, prev);

-- Per actor, UTC day and key: k is 'login' (Signed In) or 'f:<feature>' (Feature Used); n is the event count.
CREATE TABLE key_days (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  k TEXT NOT NULL,
  actor TEXT NOT NULL,
  n INTEGER NOT NULL,
  prev INTEGER,
  PRIMARY KEY (project_id, day, k, actor)
) WITHOUT ROWID;
-- Chains (and merges, erasure) look rows up by actor first.
CREATE INDEX key_days_chain ON key_days (project_id, actor, k, day);

-- Per account, UTC day and key: k is '*' (any event), 'login' or 'f:<feature>'; last_ts is the latest event.
CREATE TABLE account_days (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  k TEXT NOT NULL,
  account_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  prev INTEGER,
  PRIMARY KEY (project_id, day, k, account_id)
) WITHOUT ROWID;
CREATE INDEX account_days_chain ON account_days (project_id, k, account_id, day);

-- Per account, UTC day and actor active under that account: distinct active users per account and window.
CREATE TABLE account_users (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  n INTEGER NOT NULL,
  prev INTEGER,
  PRIMARY KEY (project_id, day, account_id, actor)
) WITHOUT ROWID;
CREATE INDEX account_users_chain ON account_users (project_id, actor, account_id, day);

-- Backfill from the events already stored.
INSERT INTO actor_days (project_id, day, actor, n, prev)
  SELECT project_id, day, actor, n, LAG(day) OVER (PARTITION BY project_id, actor ORDER BY day)
  FROM (SELECT project_id, CAST(floor(ts / 86400000.0) AS INTEGER) AS day, actor, count(*) AS n FROM events GROUP BY 1, 2, 3);
INSERT INTO key_days (project_id, day, k, actor, n, prev)
  SELECT project_id, day, k, actor, n, LAG(day) OVER (PARTITION BY project_id, k, actor ORDER BY day)
  FROM (
    SELECT project_id, CAST(floor(ts / 86400000.0) AS INTEGER) AS day,
      CASE WHEN event = 'Signed In' THEN 'login' ELSE 'f:' || json_extract(properties, '$.feature') END AS k,
      actor, count(*) AS n
    FROM events
    WHERE type = 'track' AND (event = 'Signed In'
      OR (event = 'Feature Used' AND json_type(properties, '$.feature') = 'text' AND json_extract(properties, '$.feature') <> ''))
    GROUP BY 1, 2, 3, 4
  );
INSERT INTO account_days (project_id, day, k, account_id, n, last_ts, prev)
  SELECT project_id, day, k, account_id, n, last_ts, LAG(day) OVER (PARTITION BY project_id, k, account_id ORDER BY day)
  FROM (
    SELECT project_id, CAST(floor(ts / 86400000.0) AS INTEGER) AS day, '*' AS k, account_id, count(*) AS n, max(ts) AS last_ts
    FROM events WHERE account_id IS NOT NULL GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT project_id, CAST(floor(ts / 86400000.0) AS INTEGER) AS day,
      CASE WHEN event = 'Signed In' THEN 'login' ELSE 'f:' || json_extract(properties, '$.feature') END AS k,
      account_id, count(*) AS n, max(ts) AS last_ts
    FROM events
    WHERE account_id IS NOT NULL AND type = 'track' AND (event = 'Signed In'
      OR (event = 'Feature Used' AND json_type(properties, '$.feature') = 'text' AND json_extract(properties, '$.feature') <> ''))
    GROUP BY 1, 2, 3, 4
  );
INSERT INTO account_users (project_id, day, account_id, actor, n, prev)
  SELECT project_id, day, account_id, actor, n, LAG(day) OVER (PARTITION BY project_id, account_id, actor ORDER BY day)
  FROM (
    SELECT project_id, CAST(floor(ts / 86400000.0) AS INTEGER) AS day, account_id, actor, count(*) AS n
    FROM events WHERE account_id IS NOT NULL GROUP BY 1, 2, 3, 4
  );

