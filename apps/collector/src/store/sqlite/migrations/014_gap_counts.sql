-- "Distinct actors (or accounts) using key k in a range starting on day s" is the number of key_days rows in
-- the range whose prev is before s. Rows with the same (day, k, prev) count alike, so these tables hold their
-- number instead of the rows: a day has a few dozen distinct prev values, against thousands of actors.
-- Triggers keep them exact through every path that changes a row (appends, mended chains, merges, erasure).
-- prev is -1 for "no earlier day" (a primary key column cannot be NULL), which is before every day.
CREATE TABLE key_gaps (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  k TEXT NOT NULL,
  prev INTEGER NOT NULL,
  actors INTEGER NOT NULL,
  uses INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, k, prev)
) WITHOUT ROWID;

INSERT INTO key_gaps (project_id, day, k, prev, actors, uses)
  SELECT project_id, day, k, ifnull(prev, -1), count(*), sum(n) FROM key_days GROUP BY project_id, day, k, ifnull(prev, -1);

CREATE TRIGGER key_gaps_insert AFTER INSERT ON key_days BEGIN
  INSERT INTO key_gaps (project_id, day, k, prev, actors, uses) VALUES (new.project_id, new.day, new.k, ifnull(new.prev, -1), 1, new.n)
    ON CONFLICT DO UPDATE SET actors = actors + 1, uses = uses + excluded.uses;
END;
CREATE TRIGGER key_gaps_update AFTER UPDATE OF n, prev ON key_days BEGIN
  UPDATE key_gaps SET actors = actors - 1, uses = uses - old.n
    WHERE project_id = old.project_id AND day = old.day AND k = old.k AND prev = ifnull(old.prev, -1);
  INSERT INTO key_gaps (project_id, day, k, prev, actors, uses) VALUES (new.project_id, new.day, new.k, ifnull(new.prev, -1), 1, new.n)
    ON CONFLICT DO UPDATE SET actors = actors + 1, uses = uses + excluded.uses;
END;
CREATE TRIGGER key_gaps_delete AFTER DELETE ON key_days BEGIN
  UPDATE key_gaps SET actors = actors - 1, uses = uses - old.n
    WHERE project_id = old.project_id AND day = old.day AND k = old.k AND prev = ifnull(old.prev, -1);
END;

-- The same for accounts per key (k = '*' is any event).
CREATE TABLE account_gaps (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  k TEXT NOT NULL,
  prev INTEGER NOT NULL,
  accounts INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, k, prev)
) WITHOUT ROWID;

INSERT INTO account_gaps (project_id, day, k, prev, accounts)
  SELECT project_id, day, k, ifnull(prev, -1), count(*) FROM account_days GROUP BY project_id, day, k, ifnull(prev, -1);

CREATE TRIGGER account_gaps_insert AFTER INSERT ON account_days BEGIN
  INSERT INTO account_gaps (project_id, day, k, prev, accounts) VALUES (new.project_id, new.day, new.k, ifnull(new.prev, -1), 1)
    ON CONFLICT DO UPDATE SET accounts = accounts + 1;
END;
CREATE TRIGGER account_gaps_update AFTER UPDATE OF prev ON account_days BEGIN
  UPDATE account_gaps SET accounts = accounts - 1
    WHERE project_id = old.project_id AND day = old.day AND k = old.k AND prev = ifnull(old.prev, -1);
  INSERT INTO account_gaps (project_id, day, k, prev, accounts) VALUES (new.project_id, new.day, new.k, ifnull(new.prev, -1), 1)
    ON CONFLICT DO UPDATE SET accounts = accounts + 1;
END;
CREATE TRIGGER account_gaps_delete AFTER DELETE ON account_days BEGIN
  UPDATE account_gaps SET accounts = accounts - 1
    WHERE project_id = old.project_id AND day = old.day AND k = old.k AND prev = ifnull(old.prev, -1);
END;
