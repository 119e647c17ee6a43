-- Active users by day read one actor_days row per person and day (about 600 k rows for 90 days at 10 M events,
-- 145 ms). Like key_gaps and account_gaps (014), this holds how many rows share each (day, prev), which is all
-- DAU, WAU, MAU and the range's distinct users need: a few dozen rows a day. The writer keeps it per flush
-- (rollups.ts), on every path that changes actor_days. prev is -1 for "no earlier day".
CREATE TABLE actor_gaps (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  prev INTEGER NOT NULL,
  actors INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, prev)
) WITHOUT ROWID;

INSERT INTO actor_gaps (project_id, day, prev, actors)
  SELECT project_id, day, ifnull(prev, -1), count(*) FROM actor_days GROUP BY project_id, day, ifnull(prev, -1);
