-- Sign-ins per person in the logins route came from key_days' login rows: the frequency histogram summed each
-- person's rows of the range down key_days_logins (688 k rows for 90 days over 10 M events, 122 ms), a segment's
-- series read its people's rows there (about 200 ms). Here a person has one row per 32 days (block = day >> 5),
-- and c<i> counts their sign-ins on the block's days 0 to i, so any days of a block are c<last> - c<first - 1>:
-- 113 k rows for the 180 days of 10 M events, 30 ms for the histogram (one column per day, summed, took 75). Triggers
-- keep the rows in step with key_days on every path that changes its login rows (appends, late events, merges,
-- erasures, rebuilds), and key_days_logins, read by nothing else, goes: its entries changed with every count.
CREATE TABLE login_blocks (
  project_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  block INTEGER NOT NULL,
  c0 INTEGER NOT NULL,
  c1 INTEGER NOT NULL,
  c2 INTEGER NOT NULL,
  c3 INTEGER NOT NULL,
  c4 INTEGER NOT NULL,
  c5 INTEGER NOT NULL,
  c6 INTEGER NOT NULL,
  c7 INTEGER NOT NULL,
  c8 INTEGER NOT NULL,
  c9 INTEGER NOT NULL,
  c10 INTEGER NOT NULL,
  c11 INTEGER NOT NULL,
  c12 INTEGER NOT NULL,
  c13 INTEGER NOT NULL,
  c14 INTEGER NOT NULL,
  c15 INTEGER NOT NULL,
  c16 INTEGER NOT NULL,
  c17 INTEGER NOT NULL,
  c18 INTEGER NOT NULL,
  c19 INTEGER NOT NULL,
  c20 INTEGER NOT NULL,
  c21 INTEGER NOT NULL,
  c22 INTEGER NOT NULL,
  c23 INTEGER NOT NULL,
  c24 INTEGER NOT NULL,
  c25 INTEGER NOT NULL,
  c26 INTEGER NOT NULL,
  c27 INTEGER NOT NULL,
  c28 INTEGER NOT NULL,
  c29 INTEGER NOT NULL,
  c30 INTEGER NOT NULL,
  c31 INTEGER NOT NULL,
  PRIMARY KEY (project_id, actor, block)
) WITHOUT ROWID;

INSERT INTO login_blocks (project_id, actor, block, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31)
  SELECT project_id, actor, day >> 5, sum(n * ((day & 31) <= 0)), sum(n * ((day & 31) <= 1)), sum(n * ((day & 31) <= 2)), sum(n * ((day & 31) <= 3)), sum(n * ((day & 31) <= 4)), sum(n * ((day & 31) <= 5)), sum(n * ((day & 31) <= 6)), sum(n * ((day & 31) <= 7)), sum(n * ((day & 31) <= 8)), sum(n * ((day & 31) <= 9)), sum(n * ((day & 31) <= 10)), sum(n * ((day & 31) <= 11)), sum(n * ((day & 31) <= 12)), sum(n * ((day & 31) <= 13)), sum(n * ((day & 31) <= 14)), sum(n * ((day & 31) <= 15)), sum(n * ((day & 31) <= 16)), sum(n * ((day & 31) <= 17)), sum(n * ((day & 31) <= 18)), sum(n * ((day & 31) <= 19)), sum(n * ((day & 31) <= 20)), sum(n * ((day & 31) <= 21)), sum(n * ((day & 31) <= 22)), sum(n * ((day & 31) <= 23)), sum(n * ((day & 31) <= 24)), sum(n * ((day & 31) <= 25)), sum(n * ((day & 31) <= 26)), sum(n * ((day & 31) <= 27)), sum(n * ((day & 31) <= 28)), sum(n * ((day & 31) <= 29)), sum(n * ((day & 31) <= 30)), sum(n * ((day & 31) <= 31))
  FROM key_days WHERE k = 'login' GROUP BY 1, 2, 3;

DROP INDEX key_days_logins;

CREATE TRIGGER login_blocks_insert AFTER INSERT ON key_days WHEN new.k = 'login' BEGIN
  INSERT INTO login_blocks (project_id, actor, block, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31)
    SELECT new.project_id, new.actor, new.day >> 5, new.n * ((new.day & 31) <= 0), new.n * ((new.day & 31) <= 1), new.n * ((new.day & 31) <= 2), new.n * ((new.day & 31) <= 3), new.n * ((new.day & 31) <= 4), new.n * ((new.day & 31) <= 5), new.n * ((new.day & 31) <= 6), new.n * ((new.day & 31) <= 7), new.n * ((new.day & 31) <= 8), new.n * ((new.day & 31) <= 9), new.n * ((new.day & 31) <= 10), new.n * ((new.day & 31) <= 11), new.n * ((new.day & 31) <= 12), new.n * ((new.day & 31) <= 13), new.n * ((new.day & 31) <= 14), new.n * ((new.day & 31) <= 15), new.n * ((new.day & 31) <= 16), new.n * ((new.day & 31) <= 17), new.n * ((new.day & 31) <= 18), new.n * ((new.day & 31) <= 19), new.n * ((new.day & 31) <= 20), new.n * ((new.day & 31) <= 21), new.n * ((new.day & 31) <= 22), new.n * ((new.day & 31) <= 23), new.n * ((new.day & 31) <= 24), new.n * ((new.day & 31) <= 25), new.n * ((new.day & 31) <= 26), new.n * ((new.day & 31) <= 27), new.n * ((new.day & 31) <= 28), new.n * ((new.day & 31) <= 29), new.n * ((new.day & 31) <= 30), new.n * ((new.day & 31) <= 31) WHERE 1
    ON CONFLICT DO UPDATE SET c0 = c0 + excluded.c0, c1 = c1 + excluded.c1, c2 = c2 + excluded.c2, c3 = c3 + excluded.c3, c4 = c4 + excluded.c4, c5 = c5 + excluded.c5, c6 = c6 + excluded.c6, c7 = c7 + excluded.c7, c8 = c8 + excluded.c8, c9 = c9 + excluded.c9, c10 = c10 + excluded.c10, c11 = c11 + excluded.c11, c12 = c12 + excluded.c12, c13 = c13 + excluded.c13, c14 = c14 + excluded.c14, c15 = c15 + excluded.c15, c16 = c16 + excluded.c16, c17 = c17 + excluded.c17, c18 = c18 + excluded.c18, c19 = c19 + excluded.c19, c20 = c20 + excluded.c20, c21 = c21 + excluded.c21, c22 = c22 + excluded.c22, c23 = c23 + excluded.c23, c24 = c24 + excluded.c24, c25 = c25 + excluded.c25, c26 = c26 + excluded.c26, c27 = c27 + excluded.c27, c28 = c28 + excluded.c28, c29 = c29 + excluded.c29, c30 = c30 + excluded.c30, c31 = c31 + excluded.c31;
END;

-- A row's count grows (the writer's usual change): one upsert of the difference.
CREATE TRIGGER login_blocks_count AFTER UPDATE OF n ON key_days WHEN new.k = 'login' AND new.project_id = old.project_id AND new.actor = old.actor AND new.day = old.day AND new.k = old.k BEGIN
  INSERT INTO login_blocks (project_id, actor, block, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31)
    SELECT new.project_id, new.actor, new.day >> 5, (new.n - old.n) * ((new.day & 31) <= 0), (new.n - old.n) * ((new.day & 31) <= 1), (new.n - old.n) * ((new.day & 31) <= 2), (new.n - old.n) * ((new.day & 31) <= 3), (new.n - old.n) * ((new.day & 31) <= 4), (new.n - old.n) * ((new.day & 31) <= 5), (new.n - old.n) * ((new.day & 31) <= 6), (new.n - old.n) * ((new.day & 31) <= 7), (new.n - old.n) * ((new.day & 31) <= 8), (new.n - old.n) * ((new.day & 31) <= 9), (new.n - old.n) * ((new.day & 31) <= 10), (new.n - old.n) * ((new.day & 31) <= 11), (new.n - old.n) * ((new.day & 31) <= 12), (new.n - old.n) * ((new.day & 31) <= 13), (new.n - old.n) * ((new.day & 31) <= 14), (new.n - old.n) * ((new.day & 31) <= 15), (new.n - old.n) * ((new.day & 31) <= 16), (new.n - old.n) * ((new.day & 31) <= 17), (new.n - old.n) * ((new.day & 31) <= 18), (new.n - old.n) * ((new.day & 31) <= 19), (new.n - old.n) * ((new.day & 31) <= 20), (new.n - old.n) * ((new.day & 31) <= 21), (new.n - old.n) * ((new.day & 31) <= 22), (new.n - old.n) * ((new.day & 31) <= 23), (new.n - old.n) * ((new.day & 31) <= 24), (new.n - old.n) * ((new.day & 31) <= 25), (new.n - old.n) * ((new.day & 31) <= 26), (new.n - old.n) * ((new.day & 31) <= 27), (new.n - old.n) * ((new.day & 31) <= 28), (new.n - old.n) * ((new.day & 31) <= 29), (new.n - old.n) * ((new.day & 31) <= 30), (new.n - old.n) * ((new.day & 31) <= 31) WHERE 1
    ON CONFLICT DO UPDATE SET c0 = c0 + excluded.c0, c1 = c1 + excluded.c1, c2 = c2 + excluded.c2, c3 = c3 + excluded.c3, c4 = c4 + excluded.c4, c5 = c5 + excluded.c5, c6 = c6 + excluded.c6, c7 = c7 + excluded.c7, c8 = c8 + excluded.c8, c9 = c9 + excluded.c9, c10 = c10 + excluded.c10, c11 = c11 + excluded.c11, c12 = c12 + excluded.c12, c13 = c13 + excluded.c13, c14 = c14 + excluded.c14, c15 = c15 + excluded.c15, c16 = c16 + excluded.c16, c17 = c17 + excluded.c17, c18 = c18 + excluded.c18, c19 = c19 + excluded.c19, c20 = c20 + excluded.c20, c21 = c21 + excluded.c21, c22 = c22 + excluded.c22, c23 = c23 + excluded.c23, c24 = c24 + excluded.c24, c25 = c25 + excluded.c25, c26 = c26 + excluded.c26, c27 = c27 + excluded.c27, c28 = c28 + excluded.c28, c29 = c29 + excluded.c29, c30 = c30 + excluded.c30, c31 = c31 + excluded.c31;
END;

-- A row moved to another person, day or key: out of the old block, into the new one.
CREATE TRIGGER login_blocks_move AFTER UPDATE OF project_id, actor, day, k ON key_days WHEN NOT (new.project_id = old.project_id AND new.actor = old.actor AND new.day = old.day AND new.k = old.k) BEGIN
  INSERT INTO login_blocks (project_id, actor, block, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31)
    SELECT old.project_id, old.actor, old.day >> 5, -old.n * ((old.day & 31) <= 0), -old.n * ((old.day & 31) <= 1), -old.n * ((old.day & 31) <= 2), -old.n * ((old.day & 31) <= 3), -old.n * ((old.day & 31) <= 4), -old.n * ((old.day & 31) <= 5), -old.n * ((old.day & 31) <= 6), -old.n * ((old.day & 31) <= 7), -old.n * ((old.day & 31) <= 8), -old.n * ((old.day & 31) <= 9), -old.n * ((old.day & 31) <= 10), -old.n * ((old.day & 31) <= 11), -old.n * ((old.day & 31) <= 12), -old.n * ((old.day & 31) <= 13), -old.n * ((old.day & 31) <= 14), -old.n * ((old.day & 31) <= 15), -old.n * ((old.day & 31) <= 16), -old.n * ((old.day & 31) <= 17), -old.n * ((old.day & 31) <= 18), -old.n * ((old.day & 31) <= 19), -old.n * ((old.day & 31) <= 20), -old.n * ((old.day & 31) <= 21), -old.n * ((old.day & 31) <= 22), -old.n * ((old.day & 31) <= 23), -old.n * ((old.day & 31) <= 24), -old.n * ((old.day & 31) <= 25), -old.n * ((old.day & 31) <= 26), -old.n * ((old.day & 31) <= 27), -old.n * ((old.day & 31) <= 28), -old.n * ((old.day & 31) <= 29), -old.n * ((old.day & 31) <= 30), -old.n * ((old.day & 31) <= 31) WHERE old.k = 'login'
    ON CONFLICT DO UPDATE SET c0 = c0 + excluded.c0, c1 = c1 + excluded.c1, c2 = c2 + excluded.c2, c3 = c3 + excluded.c3, c4 = c4 + excluded.c4, c5 = c5 + excluded.c5, c6 = c6 + excluded.c6, c7 = c7 + excluded.c7, c8 = c8 + excluded.c8, c9 = c9 + excluded.c9, c10 = c10 + excluded.c10, c11 = c11 + excluded.c11, c12 = c12 + excluded.c12, c13 = c13 + excluded.c13, c14 = c14 + excluded.c14, c15 = c15 + excluded.c15, c16 = c16 + excluded.c16, c17 = c17 + excluded.c17, c18 = c18 + excluded.c18, c19 = c19 + excluded.c19, c20 = c20 + excluded.c20, c21 = c21 + excluded.c21, c22 = c22 + excluded.c22, c23 = c23 + excluded.c23, c24 = c24 + excluded.c24, c25 = c25 + excluded.c25, c26 = c26 + excluded.c26, c27 = c27 + excluded.c27, c28 = c28 + excluded.c28, c29 = c29 + excluded.c29, c30 = c30 + excluded.c30, c31 = c31 + excluded.c31;
  INSERT INTO login_blocks (project_id, actor, block, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31)
    SELECT new.project_id, new.actor, new.day >> 5, new.n * ((new.day & 31) <= 0), new.n * ((new.day & 31) <= 1), new.n * ((new.day & 31) <= 2), new.n * ((new.day & 31) <= 3), new.n * ((new.day & 31) <= 4), new.n * ((new.day & 31) <= 5), new.n * ((new.day & 31) <= 6), new.n * ((new.day & 31) <= 7), new.n * ((new.day & 31) <= 8), new.n * ((new.day & 31) <= 9), new.n * ((new.day & 31) <= 10), new.n * ((new.day & 31) <= 11), new.n * ((new.day & 31) <= 12), new.n * ((new.day & 31) <= 13), new.n * ((new.day & 31) <= 14), new.n * ((new.day & 31) <= 15), new.n * ((new.day & 31) <= 16), new.n * ((new.day & 31) <= 17), new.n * ((new.day & 31) <= 18), new.n * ((new.day & 31) <= 19), new.n * ((new.day & 31) <= 20), new.n * ((new.day & 31) <= 21), new.n * ((new.day & 31) <= 22), new.n * ((new.day & 31) <= 23), new.n * ((new.day & 31) <= 24), new.n * ((new.day & 31) <= 25), new.n * ((new.day & 31) <= 26), new.n * ((new.day & 31) <= 27), new.n * ((new.day & 31) <= 28), new.n * ((new.day & 31) <= 29), new.n * ((new.day & 31) <= 30), new.n * ((new.day & 31) <= 31) WHERE new.k = 'login'
    ON CONFLICT DO UPDATE SET c0 = c0 + excluded.c0, c1 = c1 + excluded.c1, c2 = c2 + excluded.c2, c3 = c3 + excluded.c3, c4 = c4 + excluded.c4, c5 = c5 + excluded.c5, c6 = c6 + excluded.c6, c7 = c7 + excluded.c7, c8 = c8 + excluded.c8, c9 = c9 + excluded.c9, c10 = c10 + excluded.c10, c11 = c11 + excluded.c11, c12 = c12 + excluded.c12, c13 = c13 + excluded.c13, c14 = c14 + excluded.c14, c15 = c15 + excluded.c15, c16 = c16 + excluded.c16, c17 = c17 + excluded.c17, c18 = c18 + excluded.c18, c19 = c19 + excluded.c19, c20 = c20 + excluded.c20, c21 = c21 + excluded.c21, c22 = c22 + excluded.c22, c23 = c23 + excluded.c23, c24 = c24 + excluded.c24, c25 = c25 + excluded.c25, c26 = c26 + excluded.c26, c27 = c27 + excluded.c27, c28 = c28 + excluded.c28, c29 = c29 + excluded.c29, c30 = c30 + excluded.c30, c31 = c31 + excluded.c31;
END;

CREATE TRIGGER login_blocks_delete AFTER DELETE ON key_days WHEN old.k = 'login' BEGIN
  INSERT INTO login_blocks (project_id, actor, block, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31)
    SELECT old.project_id, old.actor, old.day >> 5, -old.n * ((old.day & 31) <= 0), -old.n * ((old.day & 31) <= 1), -old.n * ((old.day & 31) <= 2), -old.n * ((old.day & 31) <= 3), -old.n * ((old.day & 31) <= 4), -old.n * ((old.day & 31) <= 5), -old.n * ((old.day & 31) <= 6), -old.n * ((old.day & 31) <= 7), -old.n * ((old.day & 31) <= 8), -old.n * ((old.day & 31) <= 9), -old.n * ((old.day & 31) <= 10), -old.n * ((old.day & 31) <= 11), -old.n * ((old.day & 31) <= 12), -old.n * ((old.day & 31) <= 13), -old.n * ((old.day & 31) <= 14), -old.n * ((old.day & 31) <= 15), -old.n * ((old.day & 31) <= 16), -old.n * ((old.day & 31) <= 17), -old.n * ((old.day & 31) <= 18), -old.n * ((old.day & 31) <= 19), -old.n * ((old.day & 31) <= 20), -old.n * ((old.day & 31) <= 21), -old.n * ((old.day & 31) <= 22), -old.n * ((old.day & 31) <= 23), -old.n * ((old.day & 31) <= 24), -old.n * ((old.day & 31) <= 25), -old.n * ((old.day & 31) <= 26), -old.n * ((old.day & 31) <= 27), -old.n * ((old.day & 31) <= 28), -old.n * ((old.day & 31) <= 29), -old.n * ((old.day & 31) <= 30), -old.n * ((old.day & 31) <= 31) WHERE 1
    ON CONFLICT DO UPDATE SET c0 = c0 + excluded.c0, c1 = c1 + excluded.c1, c2 = c2 + excluded.c2, c3 = c3 + excluded.c3, c4 = c4 + excluded.c4, c5 = c5 + excluded.c5, c6 = c6 + excluded.c6, c7 = c7 + excluded.c7, c8 = c8 + excluded.c8, c9 = c9 + excluded.c9, c10 = c10 + excluded.c10, c11 = c11 + excluded.c11, c12 = c12 + excluded.c12, c13 = c13 + excluded.c13, c14 = c14 + excluded.c14, c15 = c15 + excluded.c15, c16 = c16 + excluded.c16, c17 = c17 + excluded.c17, c18 = c18 + excluded.c18, c19 = c19 + excluded.c19, c20 = c20 + excluded.c20, c21 = c21 + excluded.c21, c22 = c22 + excluded.c22, c23 = c23 + excluded.c23, c24 = c24 + excluded.c24, c25 = c25 + excluded.c25, c26 = c26 + excluded.c26, c27 = c27 + excluded.c27, c28 = c28 + excluded.c28, c29 = c29 + excluded.c29, c30 = c30 + excluded.c30, c31 = c31 + excluded.c31;
END;
