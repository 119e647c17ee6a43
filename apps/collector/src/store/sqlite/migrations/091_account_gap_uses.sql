-- The features route names which features the retained accounts use most, with their uses: a sum per
-- (account, feature) over the range's account_days rows (about a million for 90 days of 10 M events, 0.66 s
-- with the sort of its GROUP BY). With the uses of every account summed here per (day, key), the uses of
-- the retained accounts are these sums less those of the few accounts that were not retained, read down
-- their own chains. The writer keeps `uses` beside `accounts` on every path that changes account_days.
ALTER TABLE account_gaps ADD COLUMN uses INTEGER NOT NULL DEFAULT 0;
UPDATE account_gaps SET uses = s.uses FROM (
  SELECT project_id, day, k, ifnull(prev, -1) AS prev, sum(n) AS uses FROM account_days GROUP BY 1, 2, 3, 4
) AS s
WHERE account_gaps.project_id = s.project_id AND account_gaps.day = s.day AND account_gaps.k = s.k AND account_gaps.prev = s.prev;
