-- Distinct users of an account in any 7-day window, from account_totals alone. The accounts list and the
-- alerts ask for 31 trailing weeks per account; counting each week's users read every (account, user, day)
-- row of account_users in those weeks: about a million rows over 10 M events, a quarter of a second.
--
-- w<o> counts the account's users active that day whose previous active day under the account was more than
-- o days earlier, or who had none (w0 counts them all). A user is counted in the window [s, s + 6] on their
-- first day d in it, the day whose previous day is before s, that is more than d - s days earlier: so the
-- window's distinct users are the sum over its days d of w<d - s>. The columns follow account_users.prev,
-- which the writer keeps exact for late events, merges and erasures.
ALTER TABLE account_totals ADD COLUMN w0 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account_totals ADD COLUMN w1 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account_totals ADD COLUMN w2 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account_totals ADD COLUMN w3 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account_totals ADD COLUMN w4 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account_totals ADD COLUMN w5 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account_totals ADD COLUMN w6 INTEGER NOT NULL DEFAULT 0;
UPDATE account_totals SET (w0, w1, w2, w3, w4, w5, w6) = (
  SELECT count(*), ifnull(sum(g > 1), 0), ifnull(sum(g > 2), 0), ifnull(sum(g > 3), 0), ifnull(sum(g > 4), 0), ifnull(sum(g > 5), 0), ifnull(sum(g > 6), 0)
  FROM (
    SELECT ifnull(u.day - u.prev, 7) AS g FROM account_users u
    WHERE u.project_id = account_totals.project_id AND u.day = account_totals.day AND u.account_id = account_totals.account_id
  )
);
