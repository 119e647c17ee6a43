-- A segment's feature usage counted its people's key_days rows of the range in SQL, testing each row's actor
-- against the segment: 860 k of 2.06 M rows for one tier over 90 days and 10 M events, 1.1-1.5 s however the test
-- was written. feature-days.ts keeps who used each feature each day in memory instead, as arrays of numbers, and
-- walks them. It reads a day again when that day's number here has moved.
--
-- The triggers sit on key_gaps, not key_days: every path that changes key_days rows changes the day's gap counts
-- in the same transaction (an append adds to the day's uses; merges, erasures and rebuilds take an actor's counts
-- out and put them back, row by row), and key_gaps takes a few writes per day and key in a group commit where
-- key_days takes one per person (a trigger there cost 8-20 % of the load rate). Rows here are never deleted, so a
-- number never comes back to one a reader has already seen; a day without a row reads as 0.
CREATE TABLE key_day_versions (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  ver INTEGER NOT NULL,
  PRIMARY KEY (project_id, day)
) WITHOUT ROWID;

CREATE TRIGGER key_day_versions_insert AFTER INSERT ON key_gaps BEGIN
  INSERT INTO key_day_versions (project_id, day, ver) VALUES (new.project_id, new.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;

CREATE TRIGGER key_day_versions_update AFTER UPDATE ON key_gaps BEGIN
  INSERT INTO key_day_versions (project_id, day, ver) VALUES (new.project_id, new.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;

CREATE TRIGGER key_day_versions_delete AFTER DELETE ON key_gaps BEGIN
  INSERT INTO key_day_versions (project_id, day, ver) VALUES (old.project_id, old.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;
