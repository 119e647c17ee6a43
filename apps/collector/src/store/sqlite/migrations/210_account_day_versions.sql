-- The features and accounts answers read which accounts used each feature, and how often, from account_blocks'
-- 64-day masks and then down account_days' chains: over 10 M events and 90 days about 50 ms for the pairs and
-- 40-100 ms for the uses, each time asked. key-days.ts keeps each day's accounts per feature in memory instead,
-- and reads a day again when its number here moves.
--
-- As with key_day_versions (190), the triggers sit on the gap counts: the writer keeps account_gaps' accounts and
-- uses in step with account_days on every path (an append adds to the day's uses; erasures and rebuilds take an
-- account's counts out and put them back), a few writes per day and key in a group commit. Only feature keys
-- move the number: nobody holds the days' sign-ins or events per account.
CREATE TABLE account_day_versions (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  ver INTEGER NOT NULL,
  PRIMARY KEY (project_id, day)
) WITHOUT ROWID;

CREATE TRIGGER account_day_versions_insert AFTER INSERT ON account_gaps WHEN new.k >= 'f:' AND new.k < 'f;' BEGIN
  INSERT INTO account_day_versions (project_id, day, ver) VALUES (new.project_id, new.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;

CREATE TRIGGER account_day_versions_update AFTER UPDATE ON account_gaps WHEN new.k >= 'f:' AND new.k < 'f;' BEGIN
  INSERT INTO account_day_versions (project_id, day, ver) VALUES (new.project_id, new.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;

CREATE TRIGGER account_day_versions_delete AFTER DELETE ON account_gaps WHEN old.k >= 'f:' AND old.k < 'f;' BEGIN
  INSERT INTO account_day_versions (project_id, day, ver) VALUES (old.project_id, old.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;
