-- The accounts and alerts answers read each account's weekly counts (account_weeks, 110) as about 50 k rows for 31
-- weeks over 10 M events, 40 ms each time asked. key-days.ts keeps each day's account_totals rows in memory
-- instead, and reads a day again when its number here moves.
--
-- The triggers sit on account_totals itself: the writer changes each account-day's row once per group commit,
-- whichever path changed it, and its own triggers already keep seven
-- account_weeks rows per change.
CREATE TABLE account_total_versions (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  ver INTEGER NOT NULL,
  PRIMARY KEY (project_id, day)
) WITHOUT ROWID;

CREATE TRIGGER account_total_versions_insert AFTER INSERT ON account_totals BEGIN
  INSERT INTO account_total_versions (project_id, day, ver) VALUES (new.project_id, new.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;

CREATE TRIGGER account_total_versions_update AFTER UPDATE ON account_totals BEGIN
  INSERT INTO account_total_versions (project_id, day, ver) VALUES (new.project_id, new.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;

CREATE TRIGGER account_total_versions_delete AFTER DELETE ON account_totals BEGIN
  INSERT INTO account_total_versions (project_id, day, ver) VALUES (old.project_id, old.day, 1)
    ON CONFLICT (project_id, day) DO UPDATE SET ver = ver + 1;
END;
