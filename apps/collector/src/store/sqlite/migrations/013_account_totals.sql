-- Per account and UTC day: its events, `Signed In` events and `Feature Used` events (with a feature). The
-- accounts list and the alerts sum 31 trailing weeks per account: one row per account-day here, where
-- account_days holds one per account, day and key (about ten times as many).
CREATE TABLE account_totals (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  events INTEGER NOT NULL,
  logins INTEGER NOT NULL,
  uses INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, account_id)
) WITHOUT ROWID;

INSERT INTO account_totals (project_id, day, account_id, events, logins, uses)
  SELECT project_id, day, account_id,
    sum(CASE WHEN k = '*' THEN n ELSE 0 END),
    sum(CASE WHEN k = 'login' THEN n ELSE 0 END),
    sum(CASE WHEN k >= 'f:' AND k < 'f;' THEN n ELSE 0 END)
  FROM account_days GROUP BY project_id, day, account_id;
