-- A segment's active people (DAU/WAU/MAU and the range's distinct people) counted its people's actor_days rows in
-- SQL, down the chain index: about 290 k rows for one tier over 120 days and 10 M events, 100-110 ms. key-days.ts
-- keeps each day's active people in memory as numbers instead, and reads a day again when its number here moves.
--
-- As with key_day_versions (190), the triggers sit on the gap counts: every path that adds, moves or removes an
-- actor_days row changes the day's actor_gaps counts in the same transaction (a new person-day adds to its
-- (day, prev) count; merges, erasures and rebuilds take an actor's counts out and put them back, row by row),
-- and actor_gaps takes a few writes per day in a group commit. More events on a person-day already counted change
-- neither the people of the day nor its number.
CREATE TABLE actor_day_versions (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  ver INTEGER NOT NULL,
  PRIMARY KEY (project_id, day)
) WITHOUT ROWID;

CREATE TRIGGER actor_day_versions_insert AFTER INSERT ON actor_gaps BEGIN
  INSERT INTO actor_day_versions (project_id, day, ver) VALUES (new.project_id, new.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;

CREATE TRIGGER actor_day_versions_update AFTER UPDATE ON actor_gaps BEGIN
  INSERT INTO actor_day_versions (project_id, day, ver) VALUES (new.project_id, new.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;

CREATE TRIGGER actor_day_versions_delete AFTER DELETE ON actor_gaps BEGIN
  INSERT INTO actor_day_versions (project_id, day, ver) VALUES (old.project_id, old.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;
